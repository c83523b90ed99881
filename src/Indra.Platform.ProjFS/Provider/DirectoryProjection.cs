using Indra.FileSystem;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// What a vault directory looks like to ProjFS: its entries under their local names (<see cref="WindowsNames"/>) with
/// sizes (every enumeration must report file sizes, projfs.md §2.4), sorted with <see cref="ProjFsNameComparer"/>, with names that differ only in case reduced to the
/// ordinally smallest (Windows cannot show both; the rest are logged), and symbolic links left out (symlink
/// placeholders need PrjWritePlaceholderInfo2, which Indra does not use yet), as are FIFOs, sockets and device nodes
/// (Windows has no such files; <see cref="PlaceholderFactory.Projects"/>).
/// </summary>
internal sealed class DirectoryProjection
{
    private readonly IVaultFileSystem _fileSystem;
    private readonly ProjFsLog _log;

    /// <summary>Creates the projection over <paramref name="fileSystem"/>.</summary>
    public DirectoryProjection(IVaultFileSystem fileSystem, ProjFsLog log)
    {
        _fileSystem = fileSystem;
        _log = log;
    }

    /// <summary>Lists directory <paramref name="directory"/> (shown as <paramref name="path"/> in log lines).</summary>
    /// <returns>ENOENT, ENOTDIR, or a listing error.</returns>
    public Errno List(ulong directory, string path, out List<ProjectedEntry> projected)
    {
        projected = [];
        var entries = new List<DirectoryEntry>();
        var errno = VaultDirectoryReader.List(_fileSystem, directory, entries);
        if (errno != Errno.None)
        {
            return errno;
        }

        var local = entries.Select(entry => (Name: WindowsNames.ToLocal(entry.Name), Entry: entry)).ToList();
        local.Sort((a, b) =>
        {
            var byName = ProjFsNameComparer.Instance.Compare(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Name, b.Name);
        });

        foreach (var (name, entry) in local)
        {
            if (projected.Count > 0 && ProjFsNameComparer.Instance.Equals(projected[^1].Name, name))
            {
                _log.Warn($"'{ProjFsPath.Combine(path, name)}' differs from '{projected[^1].Name}' only in case; Windows shows one of them");
                continue;
            }

            if (_fileSystem.GetAttributes(entry.Attributes.Inode, out var attributes) != Errno.None)
            {
                continue; // removed while listing
            }

            if (!PlaceholderFactory.Projects(attributes.Kind))
            {
                _log.Debug($"{attributes.Kind} '{ProjFsPath.Combine(path, name)}' is not projected");
                continue;
            }

            projected.Add(new ProjectedEntry(name, PlaceholderFactory.BasicInfo(attributes)));
        }

        return Errno.None;
    }
}

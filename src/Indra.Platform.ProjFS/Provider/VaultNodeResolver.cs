using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Finds vault nodes from ProjFS paths, the way PrjFileNameMatch would: each component is a local name, turned into
/// its vault name (<see cref="WindowsNames.TryToVault"/>; a local name with no vault form is not found) and looked up
/// exactly first, then case-insensitively among the directory's entries by their local names (the vault is
/// case-sensitive, Windows is not). When several names differ only in case, the ordinally smallest wins, which is
/// also the one enumerations show. Lookup
/// references are dropped (<see cref="IVaultFileSystem.Forget"/>) right away: ProjFS has no forget, and inode numbers
/// of existing nodes stay valid without them.
/// </summary>
internal sealed class VaultNodeResolver
{
    private readonly IVaultFileSystem _fileSystem;

    /// <summary>Creates a resolver over <paramref name="fileSystem"/>.</summary>
    public VaultNodeResolver(IVaultFileSystem fileSystem) => _fileSystem = fileSystem;

    /// <summary>Resolves <paramref name="projFsPath"/> ("" = the mount root).</summary>
    /// <returns>ENOENT, ENOTDIR, or another lookup error.</returns>
    public Errno Resolve(string projFsPath, out ResolvedNode node)
    {
        var errno = _fileSystem.GetAttributes(ReservedInodes.Root, out var attributes);
        node = new ResolvedNode(ReservedInodes.Root, ReservedInodes.Root, attributes, string.Empty, string.Empty);
        if (errno != Errno.None)
        {
            return errno;
        }

        foreach (var component in ProjFsPath.Split(projFsPath))
        {
            if (node.Attributes.Kind != NodeKind.Directory)
            {
                return Errno.ENOTDIR;
            }

            errno = FindChild(node.Inode, component, out var name, out attributes);
            if (errno != Errno.None)
            {
                return errno;
            }

            node = new ResolvedNode(attributes.Inode, node.Inode, attributes, ProjFsPath.Combine(node.Path, WindowsNames.ToLocal(name)), name);
        }

        return Errno.None;
    }

    /// <summary>Finds the local name <paramref name="name"/> in <paramref name="directory"/>, exactly or case-insensitively.</summary>
    /// <param name="directory">The directory's inode.</param>
    /// <param name="name">The local (ProjFS) name with any casing.</param>
    /// <param name="actualName">The vault's name of the child (the vault's casing, decoded).</param>
    /// <param name="attributes">The child's attributes.</param>
    /// <returns>ENOENT, ENOTDIR, or another lookup error.</returns>
    public Errno FindChild(ulong directory, string name, out string actualName, out NodeAttributes attributes)
    {
        actualName = name;
        attributes = default;
        if (!WindowsNames.TryToVault(name, out var vaultName))
        {
            return Errno.ENOENT;
        }

        actualName = vaultName;
        var errno = _fileSystem.Lookup(directory, vaultName, out attributes);
        if (errno == Errno.None)
        {
            _fileSystem.Forget(attributes.Inode, 1);
            return Errno.None;
        }

        if (errno != Errno.ENOENT)
        {
            return errno;
        }

        var entries = new List<DirectoryEntry>();
        errno = VaultDirectoryReader.List(_fileSystem, directory, entries);
        if (errno != Errno.None)
        {
            return errno;
        }

        string? best = null;
        ulong bestInode = 0;
        foreach (var entry in entries)
        {
            if (ProjFsNameComparer.Instance.Equals(WindowsNames.ToLocal(entry.Name), name)
                && (best is null || string.CompareOrdinal(entry.Name, best) < 0))
            {
                best = entry.Name;
                bestInode = entry.Attributes.Inode;
            }
        }

        if (best is null)
        {
            return Errno.ENOENT;
        }

        actualName = best;
        return _fileSystem.GetAttributes(bestInode, out attributes);
    }
}

using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Changes;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// Reads the virtualization root the way the write-back worker needs it: whether an item exists, whether it is a
/// directory, and whether it is full, with names matched case-insensitively like Windows does. Disk access goes
/// through <see cref="ILocalFiles"/>; PrjGetOnDiskFileState is asked only about paths the
/// <see cref="PlaceholderIndex"/> holds (anything else on disk was made locally, so disk is the truth for it). Only
/// ever used from the worker threads, never inside a ProjFS callback (PrjGetOnDiskFileState and reads under the root
/// can call back into the provider).
/// </summary>
internal sealed class LocalTree
{
    private readonly IProjFsApi _api;
    private readonly PlaceholderIndex _index;

    /// <summary>Creates the view of <paramref name="root"/>.</summary>
    public LocalTree(IProjFsApi api, string root, ILocalFiles files, PlaceholderIndex index)
    {
        _api = api;
        _index = index;
        Root = root;
        Files = files;
    }

    /// <summary>The virtualization root (absolute).</summary>
    public string Root { get; }

    /// <summary>The host's local file access.</summary>
    public ILocalFiles Files { get; }

    /// <summary>The absolute local path of a ProjFS path (no case matching).</summary>
    public string FullPathOf(string projFsPath) =>
        System.IO.Path.Combine(Root, ProjFsPath.Normalize(projFsPath).Replace('\\', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Inspects <paramref name="projFsPath"/>.</summary>
    public LocalItem Inspect(string projFsPath)
    {
        var missing = new LocalItem(ProjFsPath.Normalize(projFsPath), string.Empty, false, false, false);
        if (!TryFind(projFsPath, out var fullPath, out var casedPath, out var status))
        {
            return missing;
        }

        if (!_index.HoldsOrIsAbove(casedPath))
        {
            return new LocalItem(casedPath, fullPath, true, status.IsDirectory, true);
        }

        var hr = _api.GetOnDiskFileState(fullPath, out var state);
        if (HResult.Succeeded(hr))
        {
            if ((state & PrjFileState.Tombstone) != 0)
            {
                return missing;
            }

            return new LocalItem(casedPath, fullPath, true, status.IsDirectory, (state & PrjFileState.Full) != 0 || state == PrjFileState.None);
        }

        // Not tracked by ProjFS but present: an ordinary file or directory, so disk is the truth.
        return new LocalItem(casedPath, fullPath, true, status.IsDirectory, true);
    }

    /// <summary>The ProjFS paths of the entries of a local directory.</summary>
    public IEnumerable<string> Children(LocalItem directory) =>
        Files.List(directory.FullPath)
            .Select(full => ProjFsPath.Combine(directory.Path, System.IO.Path.GetFileName(full)))
            .ToList();

    private bool TryFind(string projFsPath, out string fullPath, out string casedPath, out LocalFileStatus status)
    {
        fullPath = Root;
        casedPath = string.Empty;
        status = new LocalFileStatus(true, 0, default);
        foreach (var component in ProjFsPath.Split(projFsPath))
        {
            var candidate = System.IO.Path.Combine(fullPath, component);
            string name;
            if (Files.Stat(candidate) is { } found)
            {
                name = component;
                status = found;
            }
            else
            {
                if (!Files.DirectoryExists(fullPath))
                {
                    return false;
                }

                var match = Files.List(fullPath)
                    .Select(System.IO.Path.GetFileName)
                    .FirstOrDefault(n => n is not null && ProjFsNameComparer.Instance.Equals(n, component));
                if (match is null || Files.Stat(System.IO.Path.Combine(fullPath, match)) is not { } matched)
                {
                    return false;
                }

                name = match;
                status = matched;
            }

            fullPath = System.IO.Path.Combine(fullPath, name);
            casedPath = ProjFsPath.Combine(casedPath, name);
        }

        return true;
    }
}

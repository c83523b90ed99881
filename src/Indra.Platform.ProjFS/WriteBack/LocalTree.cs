using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// Reads the virtualization root the way the write-back worker needs it: whether an item exists, whether it is a
/// directory, and whether it is full (PrjGetOnDiskFileState), with names matched case-insensitively like Windows
/// does. Only ever used from the worker thread, never inside a ProjFS callback (PrjGetOnDiskFileState and reads under
/// the root can call back into the provider).
/// </summary>
internal sealed class LocalTree
{
    private readonly IProjFsApi _api;

    /// <summary>Creates the view of <paramref name="root"/>.</summary>
    public LocalTree(IProjFsApi api, string root)
    {
        _api = api;
        Root = root;
    }

    /// <summary>The virtualization root (absolute).</summary>
    public string Root { get; }

    /// <summary>Inspects <paramref name="projFsPath"/>.</summary>
    public LocalItem Inspect(string projFsPath)
    {
        var missing = new LocalItem(ProjFsPath.Normalize(projFsPath), string.Empty, false, false, false);
        if (!TryFind(projFsPath, out var fullPath, out var casedPath))
        {
            return missing;
        }

        var isDirectory = Directory.Exists(fullPath);
        var hr = _api.GetOnDiskFileState(fullPath, out var state);
        if (HResult.Succeeded(hr))
        {
            if ((state & PrjFileState.Tombstone) != 0)
            {
                return missing;
            }

            return new LocalItem(casedPath, fullPath, true, isDirectory, (state & PrjFileState.Full) != 0 || state == PrjFileState.None);
        }

        // Not tracked by ProjFS but present: an ordinary file or directory, so disk is the truth.
        return new LocalItem(casedPath, fullPath, true, isDirectory, true);
    }

    /// <summary>The ProjFS paths of the entries of a local directory.</summary>
    public IEnumerable<string> Children(LocalItem directory) =>
        Directory.EnumerateFileSystemEntries(directory.FullPath)
            .Select(full => ProjFsPath.Combine(directory.Path, System.IO.Path.GetFileName(full)))
            .ToList();

    /// <summary>Opens a local file for reading while others may keep writing or deleting it.</summary>
    /// <exception cref="IOException">The file cannot be opened (missing, locked).</exception>
    public static FileStream OpenRead(LocalItem file) =>
        new(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);

    private bool TryFind(string projFsPath, out string fullPath, out string casedPath)
    {
        fullPath = Root;
        casedPath = string.Empty;
        foreach (var component in ProjFsPath.Split(projFsPath))
        {
            var candidate = System.IO.Path.Combine(fullPath, component);
            string name;
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                name = component;
            }
            else
            {
                if (!Directory.Exists(fullPath))
                {
                    return false;
                }

                var match = Directory.EnumerateFileSystemEntries(fullPath)
                    .Select(System.IO.Path.GetFileName)
                    .FirstOrDefault(n => n is not null && ProjFsNameComparer.Instance.Equals(n, component));
                if (match is null)
                {
                    return false;
                }

                name = match;
            }

            fullPath = System.IO.Path.Combine(fullPath, name);
            casedPath = ProjFsPath.Combine(casedPath, name);
        }

        return true;
    }
}

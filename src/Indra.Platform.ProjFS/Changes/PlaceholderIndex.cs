using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Changes;

/// <summary>
/// The file paths ProjFS was given placeholders for, kept in <c>placeholders.txt</c> in the mount's state directory
/// (one path per line, appended without fsync: it is a hint, not a record of user data). At mount every listed path is
/// re-checked, so that vault changes made while nothing was mounted reach placeholders already on disk (ProjFS never
/// asks again for a placeholder it has). Paths found no longer on disk are dropped when the index is next rewritten.
/// </summary>
internal sealed class PlaceholderIndex : IDisposable
{
    private readonly string _path;
    private readonly ProjFsLog _log;
    private readonly HashSet<string> _paths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private StreamWriter? _append;

    private PlaceholderIndex(string path, ProjFsLog log)
    {
        _path = path;
        _log = log;
    }

    /// <summary>Loads the index at <paramref name="path"/> (a missing file is an empty index).</summary>
    public static PlaceholderIndex Open(string path, ProjFsLog log)
    {
        var index = new PlaceholderIndex(path, log);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length > 0)
                {
                    index._paths.Add(line);
                }
            }
        }

        index.Rewrite();
        return index;
    }

    /// <summary>The known paths.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_gate)
            {
                return [.. _paths];
            }
        }
    }

    /// <summary>Adds a path (no-op when known).</summary>
    public void Add(string path)
    {
        var normalized = ProjFsPath.Normalize(path);
        lock (_gate)
        {
            if (normalized.Length == 0 || !_paths.Add(normalized) || _append is null)
            {
                return;
            }

            try
            {
                _append.WriteLine(normalized);
                _append.Flush();
            }
            catch (IOException exception)
            {
                _log.Warn($"could not append to the placeholder index {_path}: {exception.Message}");
            }
        }
    }

    /// <summary>Drops a path that is no longer on disk (takes effect in the file at the next rewrite).</summary>
    public void Remove(string path)
    {
        lock (_gate)
        {
            _paths.Remove(ProjFsPath.Normalize(path));
        }
    }

    /// <summary>Rewrites the file with the current paths and closes it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _append?.Dispose();
            _append = null;
            TryWriteAll();
        }
    }

    private void Rewrite()
    {
        lock (_gate)
        {
            TryWriteAll();
            try
            {
                _append = new StreamWriter(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read));
            }
            catch (IOException exception)
            {
                _log.Warn($"the placeholder index {_path} cannot be written: {exception.Message}");
            }
        }
    }

    private void TryWriteAll()
    {
        try
        {
            File.WriteAllLines(_path, _paths);
        }
        catch (IOException exception)
        {
            _log.Warn($"could not rewrite the placeholder index {_path}: {exception.Message}");
        }
    }
}

using System.Collections.Concurrent;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// What the write-back last stored for each path (hex artifact id) and which paths it is writing right now, so that
/// vault-side change signals caused by Indra's own write-back are not mistaken for conflicts.
/// </summary>
internal sealed class WriteBackLedger
{
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Notes that <paramref name="path"/> now holds <paramref name="artifactIdHex"/> because of a write-back.</summary>
    public void Written(string path, string artifactIdHex) => _written[Provider.ProjFsPath.Normalize(path)] = artifactIdHex;

    /// <summary>Forgets a path (deleted or renamed away).</summary>
    public void Forget(string path) => _written.TryRemove(Provider.ProjFsPath.Normalize(path), out _);

    /// <summary>True when the write-back itself stored <paramref name="artifactIdHex"/> at <paramref name="path"/>.</summary>
    public bool WroteIt(string path, string artifactIdHex) =>
        _written.TryGetValue(Provider.ProjFsPath.Normalize(path), out var id) && id == artifactIdHex;

    /// <summary>Marks <paramref name="paths"/> as being written until the returned scope is disposed.</summary>
    public IDisposable Writing(params string[] paths)
    {
        var keys = paths.Where(p => p.Length > 0).Select(Provider.ProjFsPath.Normalize).ToArray();
        foreach (var key in keys)
        {
            _inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
        }

        return new Scope(this, keys);
    }

    /// <summary>True while the write-back is changing <paramref name="path"/> or something below or above it.</summary>
    public bool IsWriting(string path)
    {
        foreach (var key in _inFlight.Keys)
        {
            if (Provider.ProjFsPath.IsSameOrUnder(path, key) || Provider.ProjFsPath.IsSameOrUnder(key, path))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Scope(WriteBackLedger ledger, string[] keys) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            foreach (var key in keys)
            {
                if (ledger._inFlight.AddOrUpdate(key, 0, (_, n) => n - 1) <= 0)
                {
                    ledger._inFlight.TryRemove(new KeyValuePair<string, int>(key, 0));
                }
            }
        }
    }
}

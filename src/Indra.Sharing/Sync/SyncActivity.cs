using System.Collections.Concurrent;
using Indra.Engine.Domain;

namespace Indra.Sharing.Sync;

/// <summary>
/// What the sync loops did with each peer since the daemon started, for <c>/.indra/sync-status.json</c> and the
/// metrics: the last round that reached the peer and brought its grants in line (UTC ns), rounds and failed rounds,
/// the last failure, and the block bytes being fetched from it now. Kept in memory only. Thread-safe.
/// </summary>
internal sealed class SyncActivity
{
    private readonly ConcurrentDictionary<PlayerId, PeerSync> _peers = new();

    /// <summary>Records one sync round with <paramref name="peer"/> that ended at <paramref name="nowNs"/>: a success
    /// when <paramref name="error"/> is empty, else a failure with that message.</summary>
    public void Round(PlayerId peer, string error, long nowNs)
    {
        var sync = _peers.GetOrAdd(peer, _ => new PeerSync());
        lock (sync)
        {
            sync.Rounds++;
            if (error.Length == 0)
            {
                sync.LastSyncNs = nowNs;
            }
            else
            {
                sync.Errors++;
                sync.LastError = error;
                sync.LastErrorNs = nowNs;
            }
        }
    }

    /// <summary>Counts <paramref name="bytes"/> of a block request to <paramref name="peer"/> as in flight until
    /// <see cref="Fetch.Done"/> moves them to fetched, or the returned handle is disposed without it.</summary>
    public Fetch Start(PlayerId peer, long bytes)
    {
        var sync = _peers.GetOrAdd(peer, _ => new PeerSync());
        lock (sync) sync.InFlight += bytes;
        return new Fetch(sync, bytes);
    }

    /// <summary>The figures of <paramref name="peer"/> now (zeros for a peer not synced with yet).</summary>
    public SyncFigures Of(PlayerId peer)
    {
        if (!_peers.TryGetValue(peer, out var sync)) return new SyncFigures(0, 0, 0, "", 0, 0, 0);
        lock (sync)
        {
            return new SyncFigures(sync.LastSyncNs, sync.Rounds, sync.Errors, sync.LastError, sync.LastErrorNs, sync.InFlight, sync.Fetched);
        }
    }

    /// <summary>Failed rounds with every peer since the daemon started.</summary>
    public long TotalErrors => _peers.Values.Sum(p => { lock (p) return p.Errors; });

    /// <summary>Block bytes being fetched from every peer now.</summary>
    public long TotalInFlight => _peers.Values.Sum(p => { lock (p) return p.InFlight; });

    /// <summary>One block request in flight (<see cref="Start"/>). Its bytes leave in flight exactly once: moved to
    /// fetched by <see cref="Done"/>, or dropped by <see cref="Dispose"/> when the block never arrived whole. A snapshot
    /// (<see cref="Of"/>) never sees them in both figures or in neither.</summary>
    internal sealed class Fetch(PeerSync sync, long bytes) : IDisposable
    {
        private bool _ended;

        /// <summary>The block arrived whole: its bytes stop counting as in flight and count as fetched.</summary>
        public void Done()
        {
            lock (sync)
            {
                if (_ended) return;
                _ended = true;
                sync.InFlight -= bytes;
                sync.Fetched += bytes;
            }
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            lock (sync)
            {
                if (_ended) return;
                _ended = true;
                sync.InFlight -= bytes;
            }
        }
    }

    /// <summary>The mutable figures of one peer.</summary>
    internal sealed class PeerSync
    {
        public long LastSyncNs;
        public long Rounds;
        public long Errors;
        public string LastError = "";
        public long LastErrorNs;
        public long InFlight;
        public long Fetched;
    }
}

/// <summary>One peer's sync figures (see <see cref="SyncActivity"/>); times in UTC ns since 1970, 0 for never.</summary>
internal sealed record SyncFigures(long LastSyncNs, long Rounds, long Errors, string LastError, long LastErrorNs, long BytesInFlight, long BytesFetched);

using Indra.Engine.Domain;

namespace Indra.Sharing.Server;

/// <summary>
/// Counts what each authenticated peer holds of the endpoint: open connections and requests in progress, each against
/// its own cap, so that one peer spending its budget takes nothing from another's. Thread-safe.
/// </summary>
internal sealed class PeerAdmission
{
    private readonly Dictionary<PlayerId, Held> _held = [];
    private readonly int _maxConnections;
    private readonly int _maxStreams;

    /// <param name="maxConnections">Connections one peer may hold at once.</param>
    /// <param name="maxStreams">Requests one peer may have in progress at once.</param>
    internal PeerAdmission(int maxConnections, int maxStreams)
    {
        _maxConnections = maxConnections;
        _maxStreams = maxStreams;
    }

    /// <summary>Connections one peer may hold at once.</summary>
    internal int MaxConnections => _maxConnections;

    /// <summary>Requests one peer may have in progress at once.</summary>
    internal int MaxStreams => _maxStreams;

    /// <summary>Takes a connection slot of <paramref name="peer"/>; false (nothing taken) when it holds all of its own.</summary>
    internal bool TryOpenConnection(PlayerId peer) => TryTake(peer, connections: 1, streams: 0);

    /// <summary>Gives back a slot taken with <see cref="TryOpenConnection"/>.</summary>
    internal void CloseConnection(PlayerId peer) => Give(peer, connections: 1, streams: 0);

    /// <summary>Takes a request slot of <paramref name="peer"/>; false (nothing taken) when it holds all of its own.</summary>
    internal bool TryStartRequest(PlayerId peer) => TryTake(peer, connections: 0, streams: 1);

    /// <summary>Gives back a slot taken with <see cref="TryStartRequest"/>.</summary>
    internal void EndRequest(PlayerId peer) => Give(peer, connections: 0, streams: 1);

    private bool TryTake(PlayerId peer, int connections, int streams)
    {
        lock (_held)
        {
            var held = _held.GetValueOrDefault(peer);
            if (held.Connections + connections > _maxConnections || held.Streams + streams > _maxStreams) return false;
            _held[peer] = new Held(held.Connections + connections, held.Streams + streams);
            return true;
        }
    }

    private void Give(PlayerId peer, int connections, int streams)
    {
        lock (_held)
        {
            var held = _held.GetValueOrDefault(peer);
            var left = new Held(held.Connections - connections, held.Streams - streams);
            if (left.Connections <= 0 && left.Streams <= 0) _held.Remove(peer);
            else _held[peer] = left;
        }
    }

    /// <summary>What one peer holds now.</summary>
    private readonly record struct Held(int Connections, int Streams);
}

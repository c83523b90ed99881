using Microsoft.AspNetCore.Connections;

namespace Indra.Sharing.Server;

/// <summary>
/// The connections accepted but not yet authenticated, in two bounded lists. A new connection is silent until its
/// first byte arrives (an honest client sends its TLS ClientHello at once); silent connections cost a socket and a few
/// KiB, and when there are too many the oldest is closed to make room, so a newcomer is always let in and idle sockets,
/// however many, cannot keep an honest handshake out: it would have to outlast all the silent connections opened after
/// it. A connection that speaks moves to the handshake list (the TLS work), which is small; when it is full the oldest
/// handshake running for over the grace time is closed to make room, and only when none is that old is the speaker
/// refused. Thread-safe.
/// </summary>
internal sealed class HandshakePool
{
    private readonly LinkedList<Ticket> _silent = new();
    private readonly LinkedList<Ticket> _speaking = new();
    private readonly int _maxSilent;
    private readonly int _maxHandshakes;
    private readonly long _graceMs;
    private long _evicted;
    private long _refused;

    /// <param name="maxSilent">Connections that have sent nothing yet, held at once.</param>
    /// <param name="maxHandshakes">TLS handshakes in progress at once.</param>
    /// <param name="grace">Age (from accept) after which a handshake in progress may give its place to a new one.</param>
    internal HandshakePool(int maxSilent, int maxHandshakes, TimeSpan grace)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSilent);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHandshakes);
        _maxSilent = maxSilent;
        _maxHandshakes = maxHandshakes;
        _graceMs = (long)grace.TotalMilliseconds;
    }

    /// <summary>Connections closed to make room for another so far.</summary>
    internal long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Handshakes refused so far (the handshake list was full of young handshakes).</summary>
    internal long Refused => Interlocked.Read(ref _refused);

    /// <summary>Takes a place for a new <paramref name="connection"/> among the silent ones, closing the oldest silent
    /// connection when they are too many.</summary>
    /// <returns>The place: leave it with <see cref="Ticket.Dispose"/> once authenticated or closed.</returns>
    internal Ticket Admit(ConnectionContext connection)
    {
        var ticket = new Ticket(this, connection, Environment.TickCount64);
        Ticket? victim = null;
        lock (_silent)
        {
            if (_silent.Count >= _maxSilent) victim = Evict(_silent.First!.Value);
            ticket.Node = _silent.AddLast(ticket);
        }
        Close(victim);
        return ticket;
    }

    /// <summary>Moves <paramref name="ticket"/> from the silent list to the handshake list.</summary>
    /// <returns>False (the ticket left the pool) when the handshake list is full of handshakes younger than the grace time.</returns>
    private bool StartHandshake(Ticket ticket)
    {
        var now = Environment.TickCount64;
        Ticket? victim = null;
        lock (_silent)
        {
            if (ticket.Node is null) return false;
            _silent.Remove(ticket.Node);
            ticket.Node = null;
            if (_speaking.Count >= _maxHandshakes)
            {
                var oldest = _speaking.First!.Value;
                if (now - oldest.AdmittedMs <= _graceMs)
                {
                    Interlocked.Increment(ref _refused);
                    return false;
                }
                victim = Evict(oldest);
            }
            ticket.Node = _speaking.AddLast(ticket);
        }
        Close(victim);
        return true;
    }

    /// <summary>Takes <paramref name="victim"/> out of its list (caller holds the lock).</summary>
    private Ticket Evict(Ticket victim)
    {
        victim.Node!.List!.Remove(victim.Node);
        victim.Node = null;
        Interlocked.Increment(ref _evicted);
        return victim;
    }

    private static void Close(Ticket? victim) =>
        victim?.Connection.Abort(new ConnectionAbortedException("closed to make room: too many connections without a finished TLS handshake"));

    private void Leave(Ticket ticket)
    {
        lock (_silent)
        {
            if (ticket.Node is null) return;
            ticket.Node.List!.Remove(ticket.Node);
            ticket.Node = null;
        }
    }

    /// <summary>A place in the pool, held from accept until the TLS handshake is done or the connection ends.</summary>
    internal sealed class Ticket : IDisposable
    {
        private readonly HandshakePool _pool;

        internal Ticket(HandshakePool pool, ConnectionContext connection, long admittedMs)
        {
            _pool = pool;
            Connection = connection;
            AdmittedMs = admittedMs;
        }

        internal ConnectionContext Connection { get; }

        /// <summary>When it was accepted (<see cref="Environment.TickCount64"/>, ms).</summary>
        internal long AdmittedMs { get; }

        /// <summary>Its node in one of the pool's lists, or null once it left (guarded by the pool's lock).</summary>
        internal LinkedListNode<Ticket>? Node { get; set; }

        /// <summary>The connection sent its first byte: it moves to the handshake list.</summary>
        /// <returns>False when it was closed to make room meanwhile, or the handshake list is full of young handshakes:
        /// close the connection.</returns>
        internal bool StartHandshake() => _pool.StartHandshake(this);

        /// <summary>Leaves the pool (nothing happens when it left already).</summary>
        public void Dispose() => _pool.Leave(this);
    }
}

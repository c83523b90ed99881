using Microsoft.AspNetCore.Connections;

namespace Indra.Sharing.Server;

/// <summary>
/// The connections accepted but not yet authenticated, in two bounded lists. A new connection awaits its hello until
/// its first TLS record (the ClientHello) is whole; an honest client sends it at once, and until then a connection costs
/// a socket and at most one record. When too many await their hello, the oldest is closed to make room, so a newcomer
/// is always let in and idle sockets or stalled hellos, however many, cannot keep an honest handshake out: it would
/// have to outlast all the connections opened after it. A connection with a whole hello moves to the handshake list
/// (the TLS work), which is small; when it is full the oldest handshake is closed to make room, so slow handshakes
/// cannot keep a new one out either: an honest handshake takes milliseconds, and would have to be outlasted by as many
/// whole-hello handshakes (each costing the server its key exchange) as the list holds. Thread-safe.
/// </summary>
internal sealed class HandshakePool
{
    private readonly LinkedList<Ticket> _awaitingHello = new();
    private readonly LinkedList<Ticket> _speaking = new();
    private readonly int _maxAwaitingHello;
    private readonly int _maxHandshakes;
    private long _evicted;

    /// <param name="maxAwaitingHello">Connections whose ClientHello is not whole yet, held at once.</param>
    /// <param name="maxHandshakes">TLS handshakes in progress at once.</param>
    internal HandshakePool(int maxAwaitingHello, int maxHandshakes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAwaitingHello);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHandshakes);
        _maxAwaitingHello = maxAwaitingHello;
        _maxHandshakes = maxHandshakes;
    }

    /// <summary>Connections closed to make room for another so far.</summary>
    internal long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Takes a place for a new <paramref name="connection"/> among those awaiting their hello, closing the
    /// oldest of them when they are too many.</summary>
    /// <returns>The place: leave it with <see cref="Ticket.Dispose"/> once authenticated or closed.</returns>
    internal Ticket Admit(ConnectionContext connection)
    {
        var ticket = new Ticket(this, connection);
        Ticket? victim = null;
        lock (_awaitingHello)
        {
            if (_awaitingHello.Count >= _maxAwaitingHello) victim = Evict(_awaitingHello.First!.Value);
            ticket.Node = _awaitingHello.AddLast(ticket);
        }
        Close(victim);
        return ticket;
    }

    /// <summary>Moves <paramref name="ticket"/> from the hello list to the handshake list, closing the oldest
    /// handshake when they are too many.</summary>
    /// <returns>False when the ticket was closed to make room meanwhile.</returns>
    private bool StartHandshake(Ticket ticket)
    {
        Ticket? victim = null;
        lock (_awaitingHello)
        {
            if (ticket.Node is null) return false;
            _awaitingHello.Remove(ticket.Node);
            if (_speaking.Count >= _maxHandshakes) victim = Evict(_speaking.First!.Value);
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
        lock (_awaitingHello)
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

        internal Ticket(HandshakePool pool, ConnectionContext connection)
        {
            _pool = pool;
            Connection = connection;
        }

        internal ConnectionContext Connection { get; }

        /// <summary>Its node in one of the pool's lists, or null once it left (guarded by the pool's lock).</summary>
        internal LinkedListNode<Ticket>? Node { get; set; }

        /// <summary>The connection's ClientHello is whole: it moves to the handshake list.</summary>
        /// <returns>False when it was closed to make room meanwhile.</returns>
        internal bool StartHandshake() => _pool.StartHandshake(this);

        /// <summary>Leaves the pool (nothing happens when it left already).</summary>
        public void Dispose() => _pool.Leave(this);
    }
}

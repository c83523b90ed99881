namespace Indra.Sharing.Server;

/// <summary>
/// The bounds of the peer endpoint, so that neither a paired peer nor anyone who can reach the port can make the daemon
/// hold memory or connections without limit, or lock other peers out. Three budgets, each refused fast when spent:
/// <list type="bullet">
/// <item>Unauthenticated connections (TCP accepted, TLS 1.3 handshake not done), in their own pool
/// (<see cref="HandshakePool"/>): at most <see cref="MaxAwaitingHello"/> whose first TLS record (the ClientHello) is
/// not whole yet (each closed after <see cref="HelloTimeout"/>, or at once when its first bytes are not TLS; when too
/// many, the oldest is closed for a newcomer) and at most
/// <see cref="MaxHandshakes"/> TLS handshakes (each closed after <see cref="HandshakeTimeout"/>; when too many, the
/// oldest is closed for a newcomer), so idle sockets or slow handshakes cannot
/// keep a paired peer from connecting, nor take anything of the peers' budgets.</item>
/// <item>Per authenticated peer: at most <see cref="MaxConnectionsPerPeer"/> connections (one more is closed right
/// after its handshake) and <see cref="MaxStreamsPerPeer"/> requests in progress over all of them (one more is answered
/// 429 at once), so one peer cannot starve another.</item>
/// <item>Block bodies: read from the block store and written in chunks of <see cref="ChunkBytes"/>, never as a whole
/// block; at most <see cref="MaxBytesInFlight"/> bytes of chunks exist at once over all requests, and a chunk the peer
/// does not take within <see cref="StalledSendTimeout"/> ends its request.</item>
/// </list>
/// Memory the endpoint can hold at once: the chunks in flight (<see cref="MaxBytesInFlight"/>), plus per request in
/// progress at most one chunk in Kestrel's response buffer (its limit is <see cref="ChunkBytes"/>) and a few KiB of
/// request state, plus per connection its TLS and HTTP/2 buffers (tens of KiB). For one hostile peer that is under
/// 16 MiB + 32 × 272 KiB + 8 connections; the whole daemon stays under <see cref="DaemonMemoryCeilingBytes"/>.
/// </summary>
internal static class ServingLimits
{
    /// <summary>Bytes of a block read and written at a time (256 KiB): four reads, budget takes and flushes per MiB
    /// served instead of sixteen, which the sending daemon paid for in CPU per GiB shared.</summary>
    internal const int ChunkBytes = 256 * 1024;

    /// <summary>Parts of a body (blocks of a run) whose loading is started ahead of the one being sent
    /// (<c>POSIX_FADV_WILLNEED</c> on their block files; a bounded background fetch into the cache of a vault on an
    /// object store), so the disk reads the next blocks while this one is encrypted and sent instead of each block's
    /// first read waiting for it. Page cache, not the daemon's memory. A peer that never takes a byte makes the disk
    /// read at most this many blocks plus one per request, of blocks granted to it (repeats come from the cache).</summary>
    internal const int PrefetchParts = 4;

    /// <summary>Bytes of block chunks held at once over all requests (16 MiB = 64 chunks).</summary>
    internal const int MaxBytesInFlight = 16 * 1024 * 1024;

    /// <summary>Connections one authenticated peer may hold open at once.</summary>
    internal const int MaxConnectionsPerPeer = 8;

    /// <summary>Requests one authenticated peer may have in progress at once, over all its connections (an honest
    /// peer needs its parallel block fetches, 8 by default, plus a manifest and a report).</summary>
    internal const int MaxStreamsPerPeer = 32;

    /// <summary>HTTP/2 streams one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS).</summary>
    internal const int MaxStreamsPerConnection = 32;

    /// <summary>Accepted connections whose ClientHello record is not whole yet, held at once (a socket and at most
    /// one record, 17 KiB, each).</summary>
    internal const int MaxAwaitingHello = 1024;

    /// <summary>TLS handshakes in progress at once.</summary>
    internal const int MaxHandshakes = 64;

    /// <summary>Longest wait for the first TLS record (the ClientHello) of a new connection to be whole.</summary>
    internal static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Longest TLS handshake, from a whole ClientHello.</summary>
    internal static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait for the peer to take one chunk of a block (flow control, a full socket): 256 KiB in this
    /// time is about 13 KB/s.</summary>
    internal static readonly TimeSpan StalledSendTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Kestrel's own limit on open connections: a backstop only, never reached while the budgets above hold
    /// (they are counted first and refuse at once).</summary>
    internal const int MaxOpenConnections = 4096;

    /// <summary>
    /// Resident memory (VmRSS, bytes) the mount daemon stays under while a paired peer holds 16,384 unread block
    /// streams on 256 connections (measured by Daemons/ServingLimitsTests at 64 MiB blocks): the runtime, FUSE, SQLite
    /// and caches of an idle daemon plus the serving bounds above, with room for the garbage collector.
    /// </summary>
    internal const long DaemonMemoryCeilingBytes = 512L * 1024 * 1024;
}

using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Indra.Engine.Domain;
using Indra.Sharing.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Indra.Sharing.Server;

/// <summary>
/// Admits connections and requests to the peer endpoint under <see cref="ServingLimits"/>: Kestrel connection
/// middleware before TLS (<see cref="BeforeTlsAsync"/>: the unauthenticated pool and the wait for a whole ClientHello),
/// after TLS (<see cref="AfterTlsAsync"/>: the peer's connection budget), and request middleware
/// (<see cref="RequestAsync"/>: the peer's request budget, 429 when spent). Every refusal is immediate. Refusals are
/// logged at most once per <see cref="LogInterval"/> per kind, so an attack cannot fill the log.
/// </summary>
internal sealed class ServingGate
{
    /// <summary>Shortest time between two log lines about refusals of one kind.</summary>
    internal static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private const string TicketItem = "indra.handshake-ticket";
    private const string PeerItem = "indra.peer";

    private readonly HandshakePool _handshakes;
    private readonly PeerAdmission _peers;
    private readonly TimeSpan _helloTimeout;
    private readonly Action<string> _log;
    private long _nextConnectionLogMs;
    private long _nextRequestLogMs;
    private long _refusedConnections;
    private long _refusedRequests;

    /// <param name="handshakes">The unauthenticated pool.</param>
    /// <param name="peers">The per-peer budgets.</param>
    /// <param name="helloTimeout">Longest wait for a new connection's first TLS record (its ClientHello) to be whole.</param>
    /// <param name="log">Writes one log line.</param>
    internal ServingGate(HandshakePool handshakes, PeerAdmission peers, TimeSpan helloTimeout, Action<string> log)
    {
        _handshakes = handshakes;
        _peers = peers;
        _helloTimeout = helloTimeout;
        _log = log;
    }

    /// <summary>Connections of authenticated peers closed because the peer held all of its own so far.</summary>
    internal long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    /// <summary>Requests answered 429 because the peer had all of its own in progress so far.</summary>
    internal long RefusedRequests => Interlocked.Read(ref _refusedRequests);

    /// <summary>Connection middleware before TLS: holds a place in the unauthenticated pool until the handshake is done
    /// (or the connection closes): among the connections awaiting their ClientHello until its record is whole (closed
    /// when it is not within the hello timeout, or when the first bytes are not a TLS handshake record), then among the
    /// handshakes.</summary>
    internal async Task BeforeTlsAsync(ConnectionContext connection, Func<Task> next)
    {
        using var ticket = _handshakes.Admit(connection);
        connection.Items[TicketItem] = ticket;
        using (var hello = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            hello.CancelAfter(_helloTimeout);
            try
            {
                if (!await AwaitHelloAsync(connection.Transport.Input, hello.Token).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
                return;
            }
        }
        if (!ticket.StartHandshake()) return;
        await next().ConfigureAwait(false);
    }

    /// <summary>Waits until the first TLS record (the ClientHello) is whole in <paramref name="input"/>, consuming
    /// nothing (TLS reads the same bytes next).</summary>
    /// <returns>False when the connection sent something else or closed first.</returns>
    private static async Task<bool> AwaitHelloAsync(PipeReader input, CancellationToken cancel)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancel).ConfigureAwait(false);
            var state = ClientHelloRecord.Of(read.Buffer);
            if (state == ClientHelloRecord.State.Whole)
            {
                input.AdvanceTo(read.Buffer.Start);
                return true;
            }
            // Everything examined: the next read waits for more bytes.
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            if (state == ClientHelloRecord.State.NotTls || read.IsCompleted || read.IsCanceled) return false;
        }
    }

    /// <summary>Connection middleware after TLS: the peer is authenticated (and paired, checked in the handshake); it
    /// leaves the unauthenticated pool and takes a slot of its own connection budget, or is closed.</summary>
    internal async Task AfterTlsAsync(ConnectionContext connection, Func<Task> next)
    {
        if (connection.Items.TryGetValue(TicketItem, out var item) && item is HandshakePool.Ticket ticket)
        {
            ticket.Dispose();
            connection.Items.Remove(TicketItem);
        }
        var certificate = connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        if (certificate is null) return;
        var peer = PeerCertificates.PlayerIdOf(certificate);
        if (!_peers.TryOpenConnection(peer))
        {
            Interlocked.Increment(ref _refusedConnections);
            LogRefusal(ref _nextConnectionLogMs, $"peer {peer} holds its {_peers.MaxConnections} connections: another one closed ({RefusedConnections} so far)");
            return;
        }
        connection.Items[PeerItem] = peer;
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            _peers.CloseConnection(peer);
        }
    }

    /// <summary>Request middleware: takes a slot of the peer's request budget for the request's life, or answers 429
    /// (with Retry-After: 1) at once.</summary>
    internal async Task RequestAsync(HttpContext context, RequestDelegate next)
    {
        if (PeerOf(context) is not { } peer)
        {
            // No certificate: the handler refuses it.
            await next(context).ConfigureAwait(false);
            return;
        }
        if (!_peers.TryStartRequest(peer))
        {
            Interlocked.Increment(ref _refusedRequests);
            LogRefusal(ref _nextRequestLogMs, $"peer {peer} has its {_peers.MaxStreams} requests in progress: more answered 429 ({RefusedRequests} so far)");
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            context.Response.ContentLength = 0;
            return;
        }
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            _peers.EndRequest(peer);
        }
    }

    /// <summary>The peer the connection authenticated as (kept by <see cref="AfterTlsAsync"/>), or null without a certificate.</summary>
    private static PlayerId? PeerOf(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(PeerItem, out var item) == true && item is PlayerId kept) return kept;
        return context.Connection.ClientCertificate is X509Certificate2 certificate ? PeerCertificates.PlayerIdOf(certificate) : null;
    }

    private void LogRefusal(ref long nextMs, string line)
    {
        var now = Environment.TickCount64;
        var next = Volatile.Read(ref nextMs);
        if (now < next || Interlocked.CompareExchange(ref nextMs, now + (long)LogInterval.TotalMilliseconds, next) != next) return;
        _log(line);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// A paired peer's key in hostile hands: many HTTP/2 connections, each asking for the same block on many streams at
/// once, and never reading a byte of any body (the client grants no flow-control window past the first 64 KiB). Counts
/// what the server did with each request: answered with headers (and a body it cannot finish sending), refused with
/// another status, or failed (connection refused or closed).
/// </summary>
internal sealed class UnreadStreams : IDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly List<Task> _requests = [];
    private readonly ConcurrentBag<HttpResponseMessage> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private int _open;
    private int _refused;
    private int _failed;

    /// <param name="port">The daemon's peer port on 127.0.0.1.</param>
    /// <param name="certificate">A certificate over a paired peer's key.</param>
    /// <param name="path">The request path (e.g. v1/blocks/HEX).</param>
    /// <param name="connections">HTTP/2 connections (one client each).</param>
    /// <param name="streamsPerConnection">Requests sent at once on each.</param>
    internal UnreadStreams(int port, X509Certificate2 certificate, string path, int connections, int streamsPerConnection)
    {
        var context = SslStreamCertificateContext.Create(certificate, null, offline: true);
        for (var c = 0; c < connections; c++)
        {
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    EnabledSslProtocols = SslProtocols.Tls13,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                    ClientCertificateContext = context,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
                UseProxy = false,
                EnableMultipleHttp2Connections = false,
                ConnectTimeout = TimeSpan.FromSeconds(30),
            };
            var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}/"), Timeout = Timeout.InfiniteTimeSpan };
            _clients.Add(client);
            for (var s = 0; s < streamsPerConnection; s++) _requests.Add(SendAsync(client, path));
        }
    }

    /// <summary>Requests sent.</summary>
    internal int Requests => _requests.Count;

    /// <summary>Requests answered 200 whose bodies are held unread.</summary>
    internal int Open => Volatile.Read(ref _open);

    /// <summary>Requests answered with another status (e.g. 429).</summary>
    internal int Refused => Volatile.Read(ref _refused);

    /// <summary>Requests whose connection was refused, closed or reset (or whose stream was).</summary>
    internal int Failed => Volatile.Read(ref _failed);

    /// <summary>True when every request has an answer or a failure (none is still waiting for headers).</summary>
    internal bool Settled => _requests.All(r => r.IsCompleted);

    public override string ToString() => $"{Requests} requests: {Open} held open unread, {Refused} refused by status, {Failed} failed, {Requests - Open - Refused - Failed} waiting";

    private async Task SendAsync(HttpClient client, string path)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                _held.Add(response);
                Interlocked.Increment(ref _open);
            }
            else
            {
                response.Dispose();
                Interlocked.Increment(ref _refused);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var response in _held) response.Dispose();
        foreach (var client in _clients) client.Dispose();
        try
        {
            Task.WaitAll(_requests.ToArray(), TimeSpan.FromSeconds(30));
        }
        catch (AggregateException e)
        {
            TestContext.Out.WriteLine($"unread streams ended: {e.InnerException?.Message}");
        }
        _stop.Dispose();
    }
}

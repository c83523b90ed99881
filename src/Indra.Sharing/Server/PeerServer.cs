using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Indra.Sharing.Server;

/// <summary>
/// The peer endpoint: Kestrel on the configured address only, HTTP/2 or HTTP/1.1 (chosen by ALPN; clients send block
/// runs over HTTP/1.1, everything else over HTTP/2) over TLS 1.3 with a required client certificate, AES-128-GCM
/// preferred (<see cref="PeerCiphers"/>).
/// The TLS handshake already refuses a certificate whose key is not a known peer (paired, or removed); every request
/// checks again: a removed peer's requests are answered 403 with <see cref="Wire.PairingHeader"/>:
/// <see cref="Wire.Unpaired"/>, from its next request on. Request sizes, header sizes, connections, streams, handshake
/// time and bytes in flight are bounded (<see cref="ServingLimits"/>, admitted by <see cref="ServingGate"/>) so a
/// misbehaving client costs little and cannot stop others from being served.
/// </summary>
internal sealed class PeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PeerServer(WebApplication app, IPEndPoint endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Where it listens (the real port when 0 was configured).</summary>
    internal IPEndPoint Endpoint { get; }

    /// <summary>Starts listening.</summary>
    /// <exception cref="SharingException">The address cannot be bound.</exception>
    internal static async Task<PeerServer> StartAsync(PeerRequestHandler handler, X509Certificate2 certificate, SharingOptions options)
    {
        var gate = new ServingGate(
            new HandshakePool(ServingLimits.MaxAwaitingHello, ServingLimits.MaxHandshakes),
            new PeerAdmission(ServingLimits.MaxConnectionsPerPeer, ServingLimits.MaxStreamsPerPeer),
            ServingLimits.HelloTimeout,
            handler.Log);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Wire.MaxRequestBody;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxRequestLineSize = 4096;
            kestrel.Limits.MaxConcurrentConnections = ServingLimits.MaxOpenConnections;
            kestrel.Limits.MaxResponseBufferSize = ServingLimits.ChunkBytes;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = ServingLimits.MaxStreamsPerConnection;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = 8 * 1024;
            // Receive windows: request bodies are at most Wire.MaxRequestBody, so Kestrel buffers little of a peer's
            // unread upload (a window is at least 64 KiB by the protocol).
            kestrel.Limits.Http2.InitialConnectionWindowSize = 4 * Wire.MaxRequestBody;
            kestrel.Limits.Http2.InitialStreamWindowSize = 2 * Wire.MaxRequestBody;
            kestrel.Listen(options.ListenAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                // Before TLS: the unauthenticated pool; after it: the authenticated peer's own connection budget.
                listen.Use(gate.BeforeTlsAsync);
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    SslProtocols = SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    CheckCertificateRevocation = false,
                    HandshakeTimeout = ServingLimits.HandshakeTimeout,
                    ClientCertificateValidation = (cert, _, _) => handler.IsKnown(PeerCertificates.PlayerIdOf(cert)),
                    OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = PeerCiphers.Policy,
                });
                listen.Use(gate.AfterTlsAsync);
            });
        });
        var app = builder.Build();
        app.Use(gate.RequestAsync);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            // The innermost error is the socket's ("Address already in use"); Kestrel's own repeats the address.
            throw new SharingException($"cannot listen on {options.ListenAddress}:{options.Port}: {e.GetBaseException().Message}", e);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new PeerServer(app, new IPEndPoint(options.ListenAddress, port));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

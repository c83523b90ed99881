using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Indra.Sharing.Server;

/// <summary>
/// The peer endpoint: Kestrel on the configured address only, HTTP/2 over TLS 1.3 with a required client certificate.
/// The TLS handshake already refuses a certificate whose key is not a known peer (paired, or removed); every request
/// checks again: a removed peer's requests are answered 403 with <see cref="Wire.PairingHeader"/>:
/// <see cref="Wire.Unpaired"/>, from its next request on. Request sizes, header sizes, stream counts and handshake time
/// are bounded so a misbehaving client costs little and cannot stop others from being served.
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
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Wire.MaxRequestBody;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxRequestLineSize = 4096;
            kestrel.Limits.MaxConcurrentConnections = 256;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 64;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = 8 * 1024;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 32 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 16 * 1024 * 1024;
            kestrel.Listen(options.ListenAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    SslProtocols = SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    CheckCertificateRevocation = false,
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                    ClientCertificateValidation = (cert, _, _) => handler.IsKnown(PeerCertificates.PlayerIdOf(cert)),
                });
            });
        });
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new SharingException($"cannot listen on {options.ListenAddress}:{options.Port}: {e.Message}", e);
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

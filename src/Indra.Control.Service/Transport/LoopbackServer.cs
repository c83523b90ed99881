using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Transport;

/// <summary>
/// Kestrel serving HTTP/1.1 on 127.0.0.1 only (never another interface), for the daemon's dashboard and metrics:
/// bounded connections (16), headers (16 KiB, 10 s to arrive), no request bodies over 64 KiB, no server header.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The TCP port it listens on.</summary>
    public int Port { get; }

    /// <summary>Starts serving <paramref name="handle"/> on 127.0.0.1:<paramref name="port"/> (0: a free port the
    /// system picks).</summary>
    /// <exception cref="IOException">The port is taken (or cannot be bound).</exception>
    public static async Task<LoopbackServer> StartAsync(int port, RequestDelegate handle)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 16;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handle);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = app.Services.GetService(typeof(IServer)) is IServer server && server.Features.Get<IServerAddressesFeature>() is { } addresses
            ? new Uri(addresses.Addresses.First()).Port
            : port;
        return new LoopbackServer(app, bound);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

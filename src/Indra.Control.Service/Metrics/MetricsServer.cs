using Indra.Control.Service.Transport;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace Indra.Control.Service.Metrics;

/// <summary>
/// The daemon's Prometheus endpoint (<c>indra mount --metrics [PORT]</c>): <c>GET /metrics</c> on 127.0.0.1:PORT
/// answers the registry in the Prometheus text format (version 0.0.4). No token: it carries counts and sizes only,
/// never a path or a name, and a scraper expects a plain URL (docs/metrics.md). Any other route is 404, any other
/// method 405. Its URL is written to <c>VAULT/metrics.url</c> while it serves.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    /// <summary>The file in the vault directory that names the endpoint while the daemon serves it.</summary>
    public const string UrlFile = "metrics.url";

    private readonly LoopbackServer _server;
    private readonly string _urlFile;

    private MetricsServer(LoopbackServer server, string urlFile)
    {
        _server = server;
        _urlFile = urlFile;
    }

    /// <summary>The endpoint: <c>http://127.0.0.1:PORT/metrics</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{_server.Port}/metrics");

    /// <summary>Serves <paramref name="registry"/> on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    /// <exception cref="IOException">The port cannot be bound.</exception>
    public static async Task<MetricsServer> StartAsync(CollectorRegistry registry, int port, string vaultDirectory)
    {
        var server = await LoopbackServer.StartAsync(port, context => AnswerAsync(registry, context)).ConfigureAwait(false);
        var metrics = new MetricsServer(server, Path.Combine(vaultDirectory, UrlFile));
        OwnerOnlyFile.Write(metrics._urlFile, metrics.Url + "\n");
        return metrics;
    }

    private static async Task AnswerAsync(CollectorRegistry registry, HttpContext context)
    {
        if (context.Request.Path != "/metrics")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        OwnerOnlyFile.Delete(_urlFile);
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}

using Indra.Control.Service.Transport;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Dashboard;

/// <summary>
/// The daemon's local page (<c>indra mount --dashboard [PORT]</c>; docs/dashboard.md): HTTP on 127.0.0.1:PORT only,
/// reached with a token made when it starts. Its URL with the token is written owner-only (0600) to
/// <c>VAULT/dashboard.url</c> while it serves (<c>indra dashboard</c> prints it) and removed when it stops. Every
/// figure it shows comes from the daemon's <see cref="VaultControlService"/>, the same one the control socket serves.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>The file in the vault directory that holds the URL with the token while the daemon serves the page.</summary>
    public const string UrlFile = "dashboard.url";

    private readonly LoopbackServer _server;
    private readonly string _urlFile;

    private DashboardServer(LoopbackServer server, string urlFile, Uri url)
    {
        _server = server;
        _urlFile = urlFile;
        Url = url;
    }

    /// <summary>The page's URL with its token: <c>http://127.0.0.1:PORT/?token=TOKEN</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving the page of <paramref name="control"/>'s vault on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    /// <param name="control">The daemon's control service.</param>
    /// <param name="port">The TCP port, 0 to let the system pick one.</param>
    /// <param name="vaultDirectory">Where <see cref="UrlFile"/> goes.</param>
    /// <param name="loggers">Where unexpected failures are logged (category Indra.Dashboard).</param>
    /// <exception cref="IOException">The port cannot be bound.</exception>
    public static async Task<DashboardServer> StartAsync(VaultControlService control, int port, string vaultDirectory, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(loggers);
        var token = new DashboardToken();
        var bound = 0;
        var endpoints = new DashboardEndpoints(control, token, () => bound, loggers.CreateLogger("Indra.Dashboard"));
        var server = await LoopbackServer.StartAsync(port, endpoints.HandleAsync).ConfigureAwait(false);
        bound = server.Port;
        var url = new Uri($"http://127.0.0.1:{DashboardEndpoints.PortText(bound)}/?token={token.Text}");
        var dashboard = new DashboardServer(server, Path.Combine(vaultDirectory, UrlFile), url);
        OwnerOnlyFile.Write(dashboard._urlFile, url + "\n");
        return dashboard;
    }

    /// <summary>The URL <see cref="UrlFile"/> of the vault at <paramref name="vaultDirectory"/> names, or null when no
    /// daemon serves its dashboard.</summary>
    public static string? ReadUrl(string vaultDirectory)
    {
        var path = Path.Combine(vaultDirectory, UrlFile);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        OwnerOnlyFile.Delete(_urlFile);
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}

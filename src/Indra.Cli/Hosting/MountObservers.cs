using System.CommandLine;
using System.Globalization;
using Indra.Control.Service;
using Indra.Control.Service.Dashboard;
using Indra.Control.Service.Metrics;
using Indra.Engine.Vaults;
using Indra.Platform.Fuse.Hosting;
using Indra.Sharing;
using Microsoft.Extensions.Logging;

namespace Indra.Cli.Hosting;

/// <summary>
/// The daemon's optional observers, off unless asked for: the local page (<c>--dashboard [PORT]</c>,
/// docs/dashboard.md) and the Prometheus endpoint (<c>--metrics [PORT]</c>, docs/metrics.md), both on 127.0.0.1 only;
/// PORT 0 or none lets the system pick a free port. Either one that cannot start is logged and left off: the mount
/// works without it.
/// </summary>
internal sealed class MountObservers : IAsyncDisposable
{
    private readonly DashboardServer? _dashboard;
    private readonly MetricsServer? _metrics;

    private MountObservers(DashboardServer? dashboard, MetricsServer? metrics)
    {
        _dashboard = dashboard;
        _metrics = metrics;
    }

    /// <summary>The ports asked for: null for an observer left off.</summary>
    internal sealed record Ports(int? Dashboard, int? Metrics)
    {
        /// <summary>The same options again, for the command line of a background daemon.</summary>
        public IEnumerable<string> Arguments()
        {
            if (Dashboard is { } dashboard) yield return "--dashboard=" + dashboard.ToString(CultureInfo.InvariantCulture);
            if (Metrics is { } metrics) yield return "--metrics=" + metrics.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The <c>--dashboard</c> and <c>--metrics</c> options of <c>indra mount</c>.</summary>
    internal static (Option<int?> Dashboard, Option<int?> Metrics) CreateOptions() =>
        (new Option<int?>("--dashboard")
        {
            Description = "Serve the local page on 127.0.0.1:PORT (default: a free port); its URL with its access token is printed once and kept owner-only in VAULT/dashboard.url ('indra dashboard' prints it)",
            Arity = ArgumentArity.ZeroOrOne,
        },
        new Option<int?>("--metrics")
        {
            Description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (default: a free port, named in VAULT/metrics.url); no token: counts and sizes only",
            Arity = ArgumentArity.ZeroOrOne,
        });

    /// <summary>The ports <paramref name="parse"/> asked for.</summary>
    internal static Ports Read(ParseResult parse, Option<int?> dashboard, Option<int?> metrics) =>
        new(PortOf(parse, dashboard), PortOf(parse, metrics));

    private static int? PortOf(ParseResult parse, Option<int?> option)
    {
        if (parse.GetResult(option) is null) return null;
        var port = parse.GetValue(option) ?? 0;
        if (port is < 0 or > 65535) throw new CliException($"{option.Name} takes a TCP port, 0 to 65535, not {port}");
        return port;
    }

    /// <summary>Starts what <paramref name="ports"/> asks for over the daemon's <paramref name="control"/>.</summary>
    internal static MountObservers Start(Ports ports, VaultControlService control, Vault vault, SharingService? sharing, string directory, ILoggerFactory loggers, ILogger log)
    {
        DashboardServer? dashboard = null;
        MetricsServer? metrics = null;
        if (ports.Metrics is { } metricsPort)
        {
            try
            {
                var registry = Prometheus.Metrics.NewCustomRegistry();
                FuseRequestMetrics.Enable(registry);
                _ = new VaultMetrics(registry, vault, sharing);
                metrics = MetricsServer.StartAsync(registry, metricsPort, directory).GetAwaiter().GetResult();
                log.LogInformation("metrics at {Url}", metrics.Url);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                log.LogWarning("the metrics endpoint is off: {Reason}", e.GetBaseException().Message);
            }
        }
        if (ports.Dashboard is { } dashboardPort)
        {
            try
            {
                dashboard = DashboardServer.StartAsync(control, dashboardPort, directory, loggers).GetAwaiter().GetResult();
                log.LogInformation("dashboard on 127.0.0.1:{Port} (its URL with the token: 'indra dashboard')", dashboard.Url.Port);
                // Printed once, to the person who started it; a background daemon's output is the log, and its starter
                // prints the URL from VAULT/dashboard.url instead.
                if (Environment.GetEnvironmentVariable(ErrorLine.DaemonVariable) != "1") Console.WriteLine($"indra: dashboard at {dashboard.Url}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                log.LogWarning("the dashboard is off: {Reason}", e.GetBaseException().Message);
            }
        }
        return new MountObservers(dashboard, metrics);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_dashboard is not null) await _dashboard.DisposeAsync().ConfigureAwait(false);
        if (_metrics is not null) await _metrics.DisposeAsync().ConfigureAwait(false);
    }
}

using Indra.Engine.Interop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Transport;

/// <summary>
/// The daemon's control endpoint: Kestrel serving HTTP/1.1 on a Unix domain socket (<see cref="ControlSocket.PathFor"/>),
/// mode 0600, admitting only the owner (<see cref="OwnerOnlyConnections"/>), with bounded connections, headers, bodies
/// and request time (<see cref="ControlLimits"/>). Requests go to <see cref="ControlEndpoints"/>. The socket file is
/// removed when the server stops. On Windows the endpoint is the named pipe <c>\\.\pipe\indra-control-HASH</c>
/// (<see cref="ControlSocket.PathFor"/>) through Kestrel's named-pipe transport, with an ACL granting the owner alone
/// (<see cref="OwnerOnlyPipeSecurity"/>) in place of the socket's file mode and SO_PEERCRED check; clients connect with
/// <c>PipeOptions.CurrentUserOnly</c>. The Windows endpoint is compiled and its pure parts unit-tested here, but it has
/// not been run on Windows (docs/control-api.md says what is unverified).
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlServer(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    /// <summary>The socket's path.</summary>
    public string SocketPath { get; }

    /// <summary>Starts serving <paramref name="control"/> on the socket of the vault at <paramref name="vaultDirectory"/>.</summary>
    /// <param name="control">What the requests are served by: the daemon's <see cref="VaultControlService"/>.</param>
    /// <param name="vaultDirectory">The vault directory.</param>
    /// <param name="loggers">Where refusals and unexpected failures are logged (category Indra.Control).</param>
    /// <exception cref="IOException">The socket (the pipe) cannot be bound.</exception>
    public static async Task<ControlServer> StartAsync(IVaultControl control, string vaultDirectory, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger("Indra.Control");
        var socketPath = ControlSocket.PathFor(vaultDirectory);
        var pipe = OperatingSystem.IsWindows();
        if (!OperatingSystem.IsWindows()) PrepareSocketPath(socketPath);
        var endpoints = new ControlEndpoints(control, log);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        if (OperatingSystem.IsWindows()) UseOwnerOnlyPipes(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ControlLimits.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxRequestLineSize = ControlLimits.MaxPathBytes * 3 + 1024;
            kestrel.Limits.MaxConcurrentConnections = ControlLimits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(1);
            if (pipe)
            {
                kestrel.ListenNamedPipe(socketPath[ControlSocket.PipePrefix.Length..], listen => listen.Protocols = HttpProtocols.Http1);
                return;
            }
            var admission = new OwnerOnlyConnections(CurrentUser.Uid, log);
            kestrel.ListenUnixSocket(socketPath, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => connection => admission.AdmitAsync(connection, () => next(connection)));
            });
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(endpoints.HandleAsync);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        log.LogInformation("control API version {Version} on {Socket}", ControlLimits.Version, socketPath);
        return new ControlServer(app, socketPath);
    }

    /// <summary>Kestrel's named-pipe transport with the owner-only ACL. The transport's own CurrentUserOnly check is off:
    /// it also compares elevation, which would refuse an elevated CLI of the same user; the ACL admits the user's
    /// account whatever its elevation, and nobody else.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void UseOwnerOnlyPipes(WebApplicationBuilder builder) =>
        builder.WebHost.UseNamedPipes(options =>
        {
            options.CurrentUserOnly = false;
            options.PipeSecurity = OwnerOnlyPipeSecurity.ForCurrentUser();
        });

    /// <summary>Makes the socket's folder (owner-only when it is the runtime fallback) and removes a socket left by a
    /// daemon that died: the caller holds the vault's lock, so no live daemon serves it.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void PrepareSocketPath(string socketPath)
    {
        var folder = Path.GetDirectoryName(socketPath)!;
        if (!Directory.Exists(folder)) Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(socketPath)) File.Delete(socketPath);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            if (!ControlSocket.IsPipe(SocketPath)) File.Delete(SocketPath);
        }
        catch (IOException)
        {
            // Kestrel removes the socket it bound; nothing is left to do when it already did.
        }
    }
}

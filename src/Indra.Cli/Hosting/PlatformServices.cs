using Indra.FileSystem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indra.Cli.Hosting;

/// <summary>
/// The composition root's choice of platform host: FUSE on Linux and macOS, ProjFS on Windows (DESIGN.md §1).
/// </summary>
internal static class PlatformServices
{
    /// <summary>The services of a mount: the platform host, logging through <paramref name="loggers"/> and reading
    /// <paramref name="clock"/>.</summary>
    internal static ServiceProvider Build(ILoggerFactory loggers, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        if (OperatingSystem.IsWindows()) services.AddSingleton<IPlatformHost>(_ => new Platform.ProjFS.ProjFsHost(new Platform.ProjFS.ProjFsHostOptions { Loggers = loggers, Clock = clock }));
        else services.AddSingleton<IPlatformHost>(_ => new Platform.Fuse.FuseHost(loggers));
        return services.BuildServiceProvider();
    }
}

using Indra.FileSystem;
using Microsoft.Extensions.DependencyInjection;

namespace Indra.Cli.Hosting;

/// <summary>
/// The composition root's choice of platform host: FUSE on Linux and macOS, ProjFS on Windows (DESIGN.md §1).
/// </summary>
internal static class PlatformServices
{
    internal static ServiceProvider Build(Action<string> log)
    {
        var services = new ServiceCollection();
        services.AddSingleton(log);
        if (OperatingSystem.IsWindows()) services.AddSingleton<IPlatformHost>(_ => new Platform.ProjFS.ProjFsHost(new Platform.ProjFS.ProjFsHostOptions { Log = Console.Error }));
        else services.AddSingleton<IPlatformHost>(_ => new Platform.Fuse.FuseHost(log));
        return services.BuildServiceProvider();
    }
}

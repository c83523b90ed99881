using System.CommandLine;
using Indra.Cli.Hosting;
using Indra.Control.Service.Dashboard;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra dashboard</c>: prints the URL, with its access token, of the local page the daemon serving the vault
/// started with <c>indra mount --dashboard</c> (read from the owner-only VAULT/dashboard.url; docs/dashboard.md).
/// </summary>
internal static class DashboardCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("dashboard", "Print the URL (with its access token) of the local page of the daemon serving the vault (indra mount --dashboard)") { vault };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            if (!VaultLayout.Exists(directory)) throw new CliException($"no vault at {directory} (run 'indra init --vault {directory}')");
            if (!MountRegistry.All().Any(r => r.Vault == directory)) throw new CliException($"no daemon serves {directory} (mount it with 'indra mount MOUNTPOINT --dashboard')");
            var url = DashboardServer.ReadUrl(directory) ?? throw new CliException($"the daemon serving {directory} has no dashboard (mount it with --dashboard)");
            Console.WriteLine(url);
            return 0;
        });
        return command;
    }
}

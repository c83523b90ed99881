using System.CommandLine;
using Indra.Cli.Hosting;
using Indra.Cli.Terminal;
using Indra.Cli.Terminal.Documents;
using Indra.Control;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra heat [PATH] [--top N] [--since AGE] [--json]</c>: the hottest files and folders under PATH as a ranked bar
/// chart (<see cref="HeatChart"/>), from the control API's heat ranking (<see cref="IVaultControl.GetHeatRankingAsync"/>):
/// the daemon's when one holds the vault, else in process. A folder's heat is the sum of the heat of the attended files
/// below it. Exit 0, or 1 with one line on stderr (no vault, no such folder, a vault held without a control socket).
/// </summary>
internal static class HeatCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var path = new Argument<string>("PATH") { Description = "Folder to rank, relative to the vault root (default: the whole vault)", DefaultValueFactory = _ => "" };
        var top = new Option<int>("--top") { Description = "Files and folders to show, each (1 to 10000)", DefaultValueFactory = _ => 10 };
        var since = new Option<string?>("--since") { Description = "Only files attended in this window: an age (90s, 15m, 12h, 7d, 2w) or a UTC time" };
        var json = JsonOption.Create();
        var command = new Command("heat", "Show the hottest files and folders as a ranked bar chart (folder heat: the sum of its files' heat), with sizes and last access")
        {
            path, vault, top, since, json,
        };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            if (!VaultLayout.Exists(directory)) throw new CliException($"no vault at {directory} (run 'indra init --vault {directory}')");
            var count = parse.GetValue(top);
            if (count is < 1 or > ControlLimits.MaxListItems) throw new CliException($"--top is 1 to {ControlLimits.MaxListItems}");
            var window = parse.GetValue(since) is { } text ? SinceText.Parse(text, DateTimeOffset.UtcNow) : (DateTimeOffset?)null;
            var folder = NormalizedPath(parse.GetValue(path)!, directory);
            return ControlCall.Run(directory, async control =>
            {
                var ranking = await control.GetHeatRankingAsync(folder, count, window).ConfigureAwait(false);
                if (parse.GetValue(json)) JsonOutput.Write(HeatDocument.From(directory, ranking));
                else if (TerminalMode.OutputIsTerminal) HeatChart.Render(TerminalMode.Create(Console.Out), ranking, ranking.At);
                else HeatChart.WritePlain(Console.Out, ranking, ranking.At);
            });
        });
        return command;
    }

    /// <summary>A vault path as given: relative to the vault root, or a path inside the vault's mount
    /// (<c>MOUNT/vault/notes</c>, absolute).</summary>
    private static string NormalizedPath(string given, string vaultDirectory)
    {
        var mount = MountRegistry.All().FirstOrDefault(r => r.Vault == vaultDirectory)?.MountPoint;
        if (mount is not null && Path.IsPathRooted(given))
        {
            var inside = Path.GetRelativePath(Path.Combine(mount, "vault"), Path.GetFullPath(given));
            if (!inside.StartsWith("..", StringComparison.Ordinal)) return inside == "." ? "" : inside;
        }
        return given.Trim('/');
    }
}

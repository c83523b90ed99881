using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra recall PATH --from PEER</c>: recalls the grants of the file or folder now at PATH from a peer (a renamed one
/// is recalled at its new path); revocable and timed grants disappear, permanent ones stay. Through the daemon's control
/// API while one serves the vault (the peer stops being served at once), else in the sharing database
/// (<see cref="SharingAdmin.Recall"/>).
/// </summary>
internal static class RecallCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var path = new Argument<string>("PATH") { Description = "The granted file or folder, relative to the vault root" };
        var from = new Option<string>("--from") { Description = "The peer", Required = true };
        var command = new Command("recall", "Recall grants of a path from a peer (revocable and timed grants disappear; permanent ones stay)") { path, from, vault };
        command.SetAction(parse =>
            ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
            {
                Report(await control.RecallAsync(parse.GetValue(path)!, parse.GetValue(from)!).ConfigureAwait(false));
            }) ?? SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
            {
                using var reader = VaultReader.Open(directory);
                SharingAdmin.BindPathGrants(db, reader.Tree, Vault.NowNs());
                Report(SharingAdmin.Recall(db, reader.Tree, parse.GetValue(path)!, parse.GetValue(from)!, Vault.NowNs()));
            }));
        return command;
    }

    private static void Report(int count) => Console.WriteLine($"recalled {count} grant{(count == 1 ? "" : "s")}");
}

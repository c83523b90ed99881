using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra recall PATH --from PEER</c>: recalls the grants of the file or folder now at PATH from a peer
/// (<see cref="SharingAdmin.Recall"/>; a renamed one is recalled at its new path); revocable and timed grants
/// disappear, permanent ones stay.
/// </summary>
internal static class RecallCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var path = new Argument<string>("PATH") { Description = "The granted file or folder, relative to the vault root" };
        var from = new Option<string>("--from") { Description = "The peer", Required = true };
        var command = new Command("recall", "Recall grants of a path from a peer (revocable and timed grants disappear; permanent ones stay)") { path, from, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
        {
            using var reader = VaultReader.Open(directory);
            SharingAdmin.BindPathGrants(db, reader.Tree, Vault.NowNs());
            var settle = Vault.IsHeld(directory) ? SharingAdmin.SettleTime : TimeSpan.Zero;
            var count = SharingAdmin.Recall(db, reader.Tree, parse.GetValue(path)!, parse.GetValue(from)!, Vault.NowNs(), settle);
            Console.WriteLine($"recalled {count} grant{(count == 1 ? "" : "s")}");
        }));
        return command;
    }
}

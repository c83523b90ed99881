using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra recall PATH --from PEER</c>: recalls the grants of a path from a peer (<see cref="SharingAdmin.Recall"/>);
/// revocable and timed grants disappear, permanent ones stay.
/// </summary>
internal static class RecallCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var path = new Argument<string>("PATH") { Description = "The granted file or folder, relative to the vault root" };
        var from = new Option<string>("--from") { Description = "The peer", Required = true };
        var command = new Command("recall", "Recall grants of a path from a peer (revocable and timed grants disappear; permanent ones stay)") { path, from, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var count = SharingAdmin.Recall(db, parse.GetValue(path)!, parse.GetValue(from)!, Vault.NowNs());
            Console.WriteLine($"recalled {count} grant{(count == 1 ? "" : "s")}");
        }));
        return command;
    }
}

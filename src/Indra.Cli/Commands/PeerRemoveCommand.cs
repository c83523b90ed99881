using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra peer remove NAME</c>: unpairs a peer (<see cref="SharingAdmin.RemovePeer"/>): every grant to it is recalled
/// (transfer offers withdrawn), what it showed us is dropped, and it is told "unpaired" at its next request. Pairing it
/// again starts with no grants.
/// </summary>
internal static class PeerRemoveCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "The peer" };
        var command = new Command("remove", "Unpair a peer: every grant to it is recalled, and it is told it was unpaired") { name, vault };
        command.SetAction(parse =>
        {
            var peer = parse.GetValue(name)!;
            // A daemon holding the vault stops serving the peer and drops its view at once.
            return ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
            {
                await control.RemovePeerAsync(peer);
                Console.WriteLine($"unpaired {peer}; its grants are recalled");
            }) ?? SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
            {
                SharingAdmin.RemovePeer(db, peer, Vault.NowNs());
                Console.WriteLine($"unpaired {peer}; its grants are recalled");
            });
        });
        return command;
    }
}

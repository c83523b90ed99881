using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary><c>indra peer remove NAME</c>: unpairs a peer; it can no longer connect and is no longer served.</summary>
internal static class PeerRemoveCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "The peer" };
        var command = new Command("remove", "Unpair a peer: it can no longer connect, and is no longer served") { name, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var peer = parse.GetValue(name)!;
            if (!db.RemovePeer(peer, Vault.NowNs())) throw new SharingException($"no paired peer named '{peer}'");
            Console.WriteLine($"unpaired {peer}");
        }));
        return command;
    }
}

using System.CommandLine;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;
using Indra.Sharing;
using Indra.Sharing.Security;

namespace Indra.Cli.Commands;

/// <summary><c>indra peer add NAME INVITE</c>: pairs with a peer (<see cref="SharingAdmin.AddPeer"/>); through the daemon's
/// control API while one serves the vault, so its sync with the new peer starts at once.</summary>
internal static class PeerAddCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "Local name of the peer (its folder under /peers)" };
        var invite = new Argument<string>("INVITE") { Description = "The peer's invite: indra:PLAYERID@HOST:PORT" };
        var autoAccept = new Option<bool>("--auto-accept") { Description = "Accept its grants and transfers as they come (default: each waits for 'indra accept')" };
        var command = new Command("add", "Pair with a peer (it must add this vault's invite too)") { name, invite, autoAccept, vault };
        command.SetAction(parse => ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
        {
            var peer = await control.AddPeerAsync(parse.GetValue(name)!, parse.GetValue(invite)!, parse.GetValue(autoAccept)).ConfigureAwait(false);
            Console.WriteLine($"paired with {peer.Name} ({peer.Player}) at {peer.Address}");
        }) ?? SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
        {
            using var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
            var peer = SharingAdmin.AddPeer(db, identity.PlayerId, parse.GetValue(name)!, Invite.Parse(parse.GetValue(invite)!), Vault.NowNs());
            OfferAdmin.SetAutoAccept(db, peer.Name, parse.GetValue(autoAccept), Vault.NowNs());
            Console.WriteLine($"paired with {peer.Name} ({peer.PlayerId}) at {peer.Host}:{peer.Port}");
        }));
        return command;
    }
}

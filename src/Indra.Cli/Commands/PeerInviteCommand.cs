using System.CommandLine;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;
using Indra.Sharing;
using Indra.Sharing.Security;
using Indra.Sharing.State;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra peer invite</c>: prints this vault's invite (player id and peer address), the address the daemon
/// advertised if it is this vault's, else the configured listen address.
/// </summary>
internal static class PeerInviteCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("invite", "Print this vault's invite (player id and peer address) for a peer's 'indra peer add'") { vault };
        command.SetAction(parse => ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
        {
            Console.WriteLine(await control.CreateInviteAsync().ConfigureAwait(false));
        }) ?? SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
        {
            using var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
            var advertised = db.GetSetting(SharingDatabase.AdvertisedEndpointSetting);
            if (advertised is not null && Invite.Parse(advertised).PlayerId == identity.PlayerId)
            {
                Console.WriteLine(advertised);
            }
            else
            {
                var options = SharingOptions.FromVault(directory);
                Console.WriteLine(new Invite(identity.PlayerId, options.ListenAddress.ToString(), options.Port));
            }
        }));
        return command;
    }
}

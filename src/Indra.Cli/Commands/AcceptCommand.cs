using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra accept ID</c> and <c>indra decline ID</c>: consent to an offer (<see cref="OfferAdmin.Accept"/>) or refuse it
/// (<see cref="OfferAdmin.Decline"/>); the daemon acts on it in the peer's next sync round.
/// </summary>
internal static class AcceptCommand
{
    internal static Command Create(bool accept)
    {
        var vault = CliOptions.Vault();
        var id = new Argument<string>("ID") { Description = "The offer id (or at least its first 4 characters; PEER/ID when two peers offer the same) from 'indra offers'" };
        var command = accept
            ? new Command("accept", "Accept an offer: it is fetched now, and later versions of it follow without asking") { id, vault }
            : new Command("decline", "Decline an offer: nothing of it is fetched until the peer makes a new grant") { id, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var offer = accept ? OfferAdmin.Accept(db, parse.GetValue(id)!, Vault.NowNs()) : OfferAdmin.Decline(db, parse.GetValue(id)!, Vault.NowNs());
            Console.WriteLine($"{(accept ? "accepted" : "declined")} {offer.Mode} {PeerText.Bound(offer.Root)} ({offer.GrantId})");
        }));
        return command;
    }
}

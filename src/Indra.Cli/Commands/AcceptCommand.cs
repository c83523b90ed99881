using System.CommandLine;
using Indra.Control.Service;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra accept ID</c> and <c>indra decline ID</c>: consent to an offer or refuse it, through the control API
/// (<see cref="ControlVerb.Run"/>): while a daemon serves the vault it acts on it at once (its sync loop with the
/// peer looks at the peer's grants again in its next round); otherwise the sharing database records it for the next mount.
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
        command.SetAction(parse =>
        {
            var offer = parse.GetValue(id)!;
            return ControlVerb.Run(parse.GetValue(vault)!,
                control => accept ? control.AcceptOfferAsync(offer) : control.DeclineOfferAsync(offer),
                (_, db) => accept ? SharingOperations.Accept(db, null, offer, Vault.NowNs()) : SharingOperations.Decline(db, null, offer, Vault.NowNs()),
                done => Console.WriteLine($"{(accept ? "accepted" : "declined")} {done.Mode} {done.Name} ({done.Id})"));
        });
        return command;
    }
}

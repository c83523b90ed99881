using System.CommandLine;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra offers</c>: the grants and transfers peers offered this vault, one a line, tab-separated: peer, offer id,
/// mode, name, entries, bytes, state (pending, accepted, failed, declined) and for a failed one its reason. Names and
/// reasons a peer supplied are bounded and have control characters escaped (<see cref="PeerText"/>).
/// </summary>
internal static class OffersCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("offers", "List what peers offered this vault (accept with 'indra accept ID', decline with 'indra decline ID')") { vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var names = db.ListPeers().ToDictionary(p => p.PlayerId, p => p.Name);
            foreach (var o in db.ListOffers())
            {
                var peer = names.TryGetValue(o.Peer, out var n) ? n : o.Peer.ToString();
                var state = o.State.ToString().ToLowerInvariant();
                var reason = o.Reason.Length > 0 && o.State != Indra.Sharing.State.OfferState.Accepted ? "\t" + PeerText.Bound(o.Reason, 500) : "";
                Console.WriteLine($"{peer}\t{o.GrantId}\t{o.Mode}\t{PeerText.Bound(o.Root)}\t{o.Entries}\t{o.Bytes}\t{state}{reason}");
            }
        }));
        return command;
    }
}

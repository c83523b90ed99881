using Indra.Sharing.State;

namespace Indra.Sharing;

/// <summary>
/// The rules of consent and limits over a <see cref="SharingDatabase"/>: accepting and declining offers, auto-accept
/// and quotas per peer. Shared by the running <see cref="SharingService"/> and the CLI (the daemon picks changes up
/// within one sync interval and acts on them in its next round).
/// </summary>
public static class OfferAdmin
{
    /// <summary>Shortest offer id prefix accepted on the command line.</summary>
    public const int MinIdPrefix = 4;

    /// <summary>
    /// The offer whose grant id is <paramref name="id"/> or starts with it (at least <see cref="MinIdPrefix"/>
    /// characters); <c>PEER/ID</c> picks among peers offering the same id.
    /// </summary>
    /// <exception cref="SharingException">No such offer, an unknown peer, or a prefix that names more than one.</exception>
    public static OfferRecord Find(SharingDatabase db, string id)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        PeerRecord? peer = null;
        if (slash >= 0)
        {
            peer = db.FindPeer(id[..slash]) ?? throw new SharingException($"no peer named '{id[..slash]}' (see 'indra peer list')");
            id = id[(slash + 1)..];
        }
        if (id.Length < MinIdPrefix) throw new SharingException($"'{id}' is too short: give at least {MinIdPrefix} characters of the offer id (see 'indra offers')");
        var matches = db.ListOffers().Where(o => (peer is null || o.Peer == peer.PlayerId) && o.GrantId.StartsWith(id, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            0 => throw new SharingException($"no offer '{id}' (see 'indra offers')"),
            1 => matches[0],
            _ => throw new SharingException($"'{id}' names {matches.Count} offers: give more of the id, or PEER/ID"),
        };
    }

    /// <summary>
    /// Accepts offer <paramref name="id"/> (<see cref="Find"/>): it is fetched in the peer's next sync round, and later
    /// versions of the same grant follow without asking. A failed offer is tried again at once; a declined one is
    /// accepted after all.
    /// </summary>
    /// <exception cref="SharingException">See <see cref="Find"/>.</exception>
    public static OfferRecord Accept(SharingDatabase db, string id, long nowNs)
    {
        var offer = Find(db, id);
        var state = offer.State == OfferState.Failed ? OfferState.Failed : OfferState.Accepted;
        db.SetOfferState(offer.Peer, offer.GrantId, state, state == OfferState.Failed ? offer.Reason : "", offer.Attempts, 0, nowNs);
        return offer with { State = state, RetryNs = 0 };
    }

    /// <summary>
    /// Declines offer <paramref name="id"/>: nothing of it is fetched, what was received of it is dropped in the next
    /// round, and it stays declined until the peer makes a new grant.
    /// </summary>
    /// <exception cref="SharingException">See <see cref="Find"/>; a transfer already taken cannot be declined.</exception>
    public static OfferRecord Decline(SharingDatabase db, string id, long nowNs)
    {
        var offer = Find(db, id);
        if (db.TransferTaken(offer.GrantId) && offer.Mode == Engine.Domain.AccessMode.Transfer)
            throw new SharingException($"transfer {offer.GrantId} was already taken into the vault: delete the copy instead");
        db.SetOfferState(offer.Peer, offer.GrantId, OfferState.Declined, "declined by the user", 0, 0, nowNs);
        return offer with { State = OfferState.Declined };
    }

    /// <summary>Turns auto-accept of peer <paramref name="peerName"/>'s offers on or off (its pending offers are accepted when turned on).</summary>
    /// <exception cref="SharingException">No peer of that name.</exception>
    public static PeerPolicy SetAutoAccept(SharingDatabase db, string peerName, bool on, long nowNs)
    {
        var peer = Peer(db, peerName);
        var policy = db.GetPolicy(peer.PlayerId) with { AutoAccept = on };
        db.InTransaction(() =>
        {
            db.SetPolicy(policy);
            if (!on) return;
            foreach (var offer in db.ListOffers(peer.PlayerId).Where(o => o.State == OfferState.Pending))
                db.SetOfferState(offer.Peer, offer.GrantId, OfferState.Accepted, "", 0, 0, nowNs);
        });
        return policy;
    }

    /// <summary>Sets the quota of peer <paramref name="peerName"/> (null keeps a value); its failed offers are tried again.</summary>
    /// <exception cref="SharingException">No peer of that name, or a quota below zero.</exception>
    public static PeerPolicy SetQuota(SharingDatabase db, string peerName, long? bytes, long? entries)
    {
        if (bytes is < 0 || entries is < 0) throw new SharingException("a quota cannot be negative");
        var peer = Peer(db, peerName);
        var old = db.GetPolicy(peer.PlayerId);
        var policy = old with { QuotaBytes = bytes ?? old.QuotaBytes, QuotaEntries = entries ?? old.QuotaEntries };
        db.InTransaction(() =>
        {
            db.SetPolicy(policy);
            db.RetryFailedOffers(peer.PlayerId);
        });
        return policy;
    }

    /// <summary>
    /// For <c>indra status</c>: "none", or how many offers are pending, accepted, failed and declined, followed by each
    /// failed one as "ID from PEER: REASON" (at most 5).
    /// </summary>
    /// <param name="vaultDirectory">The vault directory.</param>
    public static string Summary(string vaultDirectory)
    {
        if (!File.Exists(SharingLayout.Database(vaultDirectory))) return "none";
        using var db = SharingDatabase.Open(vaultDirectory);
        var offers = db.ListOffers();
        if (offers.Count == 0) return "none";
        var names = db.ListPeers().ToDictionary(p => p.PlayerId, p => p.Name);
        var counts = string.Join(", ", Enum.GetValues<OfferState>().Select(s => $"{offers.Count(o => o.State == s)} {s.ToString().ToLowerInvariant()}"));
        var failed = offers.Where(o => o.State == OfferState.Failed).Take(5)
            .Select(o => $"\n  failed: {o.GrantId} from {(names.TryGetValue(o.Peer, out var n) ? n : o.Peer.ToString())} ({PeerText.Bound(o.Root)}): {PeerText.Bound(o.Reason, 500)}");
        return counts + string.Concat(failed);
    }

    private static PeerRecord Peer(SharingDatabase db, string name) =>
        db.FindPeer(name) is { IsActive: true } peer ? peer : throw new SharingException($"no paired peer named '{name}' (see 'indra peer list')");
}

using Indra.Control.Model;
using Indra.Control.Service.Items;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Sharing;
using Indra.Sharing.State;

namespace Indra.Control.Service;

/// <summary>
/// The control API's peer, offer, grant and realm answers over a vault's sharing database: through the daemon's
/// running <see cref="SharingService"/> when one is given (its changes take effect at once), else on the database
/// alone. <see cref="VaultControlService"/> serves them so; the CLI answers with them when a process holds the vault
/// without serving the control API (an older daemon, a test host), so every path gives the same items and the same errors.
/// </summary>
public static class SharingOperations
{
    /// <summary>How long a peer's last contact counts as "connected", nanoseconds (a minute, as <c>indra status</c> counts).</summary>
    private const long ConnectedWithinNs = 60L * 1_000_000_000;

    /// <summary>The peers with their state; removed ones too with <paramref name="includeRemoved"/>.</summary>
    public static IReadOnlyList<PeerItem> Peers(SharingDatabase db, bool includeRemoved, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ListPeers().Where(p => includeRemoved || p.IsActive).Select(p => Peer(db, p, nowNs)).ToList();
    }

    /// <summary>The item of <paramref name="peer"/>: its contact state, policy and quota.</summary>
    public static PeerItem Peer(SharingDatabase db, PeerRecord peer, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(peer);
        var policy = db.GetPolicy(peer.PlayerId);
        var known = db.ListContacts().TryGetValue(peer.PlayerId, out var contact);
        var seen = known && contact.LastContactNs > 0 ? ItemReader.FromNanoseconds(contact.LastContactNs) : (DateTimeOffset?)null;
        var connected = peer.IsActive && known && contact.State == "online" && contact.LastContactNs >= nowNs - ConnectedWithinNs;
        var state = !peer.IsActive ? "removed" : known ? contact.State : "never contacted";
        return new PeerItem(peer.Name, peer.PlayerId.ToString(), $"{peer.Host}:{peer.Port}", connected, seen, policy.AutoAccept, policy.QuotaBytes, policy.QuotaEntries,
            state, peer.IsActive && known ? contact.Error : "");
    }

    /// <summary>The paired peer named <paramref name="name"/>.</summary>
    /// <exception cref="VaultControlException">NotFound.</exception>
    public static PeerRecord RequirePeer(SharingDatabase db, string name)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.FindPeer(name) is { IsActive: true } peer ? peer : throw new VaultControlException(ControlErrorKind.NotFound, $"no paired peer named '{name}'");
    }

    /// <summary>The item of <paramref name="grant"/>, its path now read from <paramref name="tree"/>.</summary>
    public static GrantItem Grant(SharingDatabase db, VaultTree tree, GrantRecord grant, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(grant);
        var current = SharingAdmin.CurrentPath(tree, grant);
        var state = grant.IsActive(nowNs) && current is null && tree.GetNode(grant.Node) is null ? "ended" : grant.StateAt(nowNs);
        var peer = db.FindPeer(grant.Peer)?.Name ?? grant.Peer.ToString();
        return new GrantItem(grant.Id, current, peer, grant.Mode, grant.ExpiresNs > 0 ? ItemReader.FromNanoseconds(grant.ExpiresNs) : null,
            state, ItemReader.FromNanoseconds(grant.CreatedNs), grant.Path, grant.IsActive(nowNs), grant.Cut);
    }

    /// <summary>Every grant made, oldest first.</summary>
    public static IReadOnlyList<GrantItem> Grants(SharingDatabase db, VaultTree tree, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ListGrants().Select(g => Grant(db, tree, g, nowNs)).ToList();
    }

    /// <summary>The realms with their members paired now, by name.</summary>
    public static IReadOnlyList<RealmItem> Realms(SharingDatabase db) => SharingAdmin.RealmsByName(db).Select(r => new RealmItem(r.Key, r.Value)).ToList();

    /// <summary>Creates realm <paramref name="name"/> (through <paramref name="service"/> when it runs).</summary>
    /// <exception cref="VaultControlException">AlreadyExists (never redefined); NotFound (a member not paired);
    /// InvalidArgument (a bad name, no members, more than <see cref="ControlLimits.MaxMembers"/>).</exception>
    public static RealmItem CreateRealm(SharingDatabase db, SharingService? service, string name, IReadOnlyList<string> members)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count > ControlLimits.MaxMembers) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"a realm has at most {ControlLimits.MaxMembers} members");
        if (db.ListRealms().ContainsKey(name)) throw new VaultControlException(ControlErrorKind.AlreadyExists, $"a realm named '{name}' exists already");
        foreach (var member in members) RequirePeer(db, member);
        Rule(() =>
        {
            if (service is not null) service.CreateRealm(name, members);
            else SharingAdmin.CreateRealm(db, name, members);
            return 0;
        });
        return new RealmItem(name, SharingAdmin.RealmsByName(db).TryGetValue(name, out var now) ? now : []);
    }

    /// <summary>Every offer peers made, by peer and arrival.</summary>
    public static IReadOnlyList<OfferItem> Offers(SharingDatabase db, SharingService? service)
    {
        ArgumentNullException.ThrowIfNull(db);
        var names = db.ListPeers().ToDictionary(p => p.PlayerId, p => p.Name);
        return (service?.Offers() ?? db.ListOffers()).Select(o => Offer(o, names)).ToList();
    }

    /// <summary>Accepts offer <paramref name="id"/> (<see cref="OfferAdmin.Accept"/>).</summary>
    /// <exception cref="VaultControlException">NotFound (no such offer or peer); InvalidArgument (too short or ambiguous an id).</exception>
    public static OfferItem Accept(SharingDatabase db, SharingService? service, string id, long nowNs) =>
        Consent(db, id, () => service is null ? OfferAdmin.Accept(db, id, nowNs) : service.AcceptOffer(id));

    /// <summary>Declines offer <paramref name="id"/> (<see cref="OfferAdmin.Decline"/>).</summary>
    /// <exception cref="VaultControlException">NotFound; InvalidArgument (too short or ambiguous an id, a transfer already taken).</exception>
    public static OfferItem Decline(SharingDatabase db, SharingService? service, string id, long nowNs) =>
        Consent(db, id, () => service is null ? OfferAdmin.Decline(db, id, nowNs) : service.DeclineOffer(id));

    /// <summary>Sets (or with both null reads) peer <paramref name="name"/>'s quota (<see cref="OfferAdmin.SetQuota"/>).</summary>
    /// <exception cref="VaultControlException">NotFound; InvalidArgument (a negative quota).</exception>
    public static PeerItem SetQuota(SharingDatabase db, SharingService? service, string name, long? bytes, long? entries, long nowNs)
    {
        var peer = RequirePeer(db, name);
        if (bytes is not null || entries is not null) Rule(() => service is null ? OfferAdmin.SetQuota(db, name, bytes, entries) : service.SetQuota(name, bytes, entries));
        return Peer(db, peer, nowNs);
    }

    /// <summary>Turns peer <paramref name="name"/>'s auto-accept on or off (<see cref="OfferAdmin.SetAutoAccept"/>).</summary>
    /// <exception cref="VaultControlException">NotFound.</exception>
    public static PeerItem SetAutoAccept(SharingDatabase db, SharingService? service, string name, bool on, long nowNs)
    {
        var peer = RequirePeer(db, name);
        Rule(() => service is null ? OfferAdmin.SetAutoAccept(db, name, on, nowNs) : service.SetAutoAccept(name, on));
        return Peer(db, peer, nowNs);
    }

    /// <summary>Runs a sharing rule, turning its refusal into InvalidArgument.</summary>
    public static T Rule<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return work();
        }
        catch (SharingException e)
        {
            throw new VaultControlException(ControlErrorKind.InvalidArgument, e.Message, e);
        }
    }

    /// <summary>Finds offer <paramref name="id"/> (<see cref="OfferAdmin.Find"/>: NotFound for no such offer or peer,
    /// InvalidArgument for too short or ambiguous an id), runs <paramref name="change"/> (which finds it again by the
    /// same id) and answers the offer as it is now.</summary>
    private static OfferItem Consent(SharingDatabase db, string id, Func<OfferRecord> change)
    {
        ArgumentNullException.ThrowIfNull(db);
        OfferRecord found;
        try
        {
            found = OfferAdmin.Find(db, id);
        }
        catch (SharingException e)
        {
            // OfferAdmin.Find says "no offer ..." or "no peer ..." for what does not exist, other reasons for a bad id.
            var kind = e.Message.StartsWith("no ", StringComparison.Ordinal) ? ControlErrorKind.NotFound : ControlErrorKind.InvalidArgument;
            throw new VaultControlException(kind, e.Message, e);
        }
        Rule(change);
        var names = db.ListPeers().ToDictionary(p => p.PlayerId, p => p.Name);
        return Offer(db.ListOffers(found.Peer).Single(o => o.GrantId == found.GrantId), names);
    }

    private static OfferItem Offer(OfferRecord offer, Dictionary<PlayerId, string> names) =>
        new(offer.GrantId, names.TryGetValue(offer.Peer, out var name) ? name : offer.Peer.ToString(), offer.Mode, PeerText.Bound(offer.Root),
            offer.Entries, offer.Bytes, offer.State.ToString().ToLowerInvariant(),
            offer.Reason.Length > 0 && offer.State != OfferState.Accepted ? PeerText.Bound(offer.Reason, 500) : "",
            ItemReader.FromNanoseconds(offer.OfferedNs), ItemReader.FromNanoseconds(offer.UpdatedNs),
            offer.State == OfferState.Failed && offer.RetryNs > 0 ? ItemReader.FromNanoseconds(offer.RetryNs) : null);
}

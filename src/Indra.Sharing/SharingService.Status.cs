using System.Text.Json;
using Indra.Sharing.Protocol;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    /// <summary>
    /// <c>/.indra/peers.json</c>: every peer with its player id, address, state ("online", "unreachable", "busy" (over its budget for us), "refused",
    /// "unpaired" (it removed us), "removed" (we removed it), "never contacted", "bad address"), last contact (UTC ISO
    /// 8601), grants we gave it, the ids of those cut to the most entries one grant carries ("grants_cut"), and entries
    /// it granted us; its policy (auto_accept, quota_bytes, quota_entries) and its offers: how many pending and failed,
    /// and each failed one with its id, name, reason and next attempt (peer-supplied strings bounded, <see cref="PeerText"/>).
    /// </summary>
    public string PeersJson()
    {
        var contacts = _db.ListContacts();
        var grants = _db.ListGrants();
        var received = _db.ListReceived();
        var offers = _db.ListOffers();
        var now = NowNs();
        var peers = _db.ListPeers().Select(p =>
        {
            contacts.TryGetValue(p.PlayerId, out var contact);
            return new Dictionary<string, object>
            {
                ["name"] = p.Name,
                ["player_id"] = p.PlayerId.ToString(),
                ["address"] = $"{p.Host}:{p.Port}",
                ["state"] = !p.IsActive ? "removed" : contact.State ?? "never contacted",
                ["last_contact"] = Iso(contact.LastContactNs),
                ["last_error"] = contact.Error ?? "",
                ["grants_given"] = grants.Count(g => g.Peer == p.PlayerId && g.IsActive(now)),
                ["grants_cut"] = grants.Where(g => g.Peer == p.PlayerId && g.IsActive(now) && g.Cut).Select(g => g.Id).ToList(),
                ["entries_received"] = received.Count(e => e.Peer == p.PlayerId && e.IsVisible(now)),
            }.Concat(OfferFields(p, offers)).ToDictionary();
        }).ToList();
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["player_id"] = PlayerId.ToString(), ["endpoint"] = Endpoint.ToString(), ["peers"] = peers },
            new JsonSerializerOptions(Wire.Json) { WriteIndented = true }) + "\n";
    }

    /// <summary>The policy and offer fields of <paramref name="peer"/> in peers.json.</summary>
    private IEnumerable<KeyValuePair<string, object>> OfferFields(State.PeerRecord peer, IReadOnlyList<State.OfferRecord> offers)
    {
        var policy = _db.GetPolicy(peer.PlayerId);
        var mine = offers.Where(o => o.Peer == peer.PlayerId).ToList();
        yield return new("auto_accept", policy.AutoAccept);
        yield return new("quota_bytes", policy.QuotaBytes);
        yield return new("quota_entries", policy.QuotaEntries);
        yield return new("offers_pending", mine.Count(o => o.State == State.OfferState.Pending));
        yield return new("offers_failed", mine.Where(o => o.State == State.OfferState.Failed).Select(o => new Dictionary<string, object>
        {
            ["id"] = o.GrantId,
            ["name"] = o.Root,
            ["mode"] = o.Mode.ToString(),
            ["reason"] = o.Reason,
            ["attempts"] = o.Attempts,
            ["next_attempt"] = Iso(o.RetryNs),
        }).ToList());
    }

    /// <summary>Attention peers reported on our shared artifacts, by path: distinct peers, opens, last report.</summary>
    public IReadOnlyList<PeerAttention> PeerAttention() =>
        _db.ListPeerAttention().GroupBy(a => a.Path, StringComparer.Ordinal)
            .Select(g => new PeerAttention(g.Key, g.Select(a => a.Peer).Distinct().Count(), g.Sum(a => a.Count), g.Max(a => a.LastNs)))
            .OrderByDescending(a => a.DistinctPeers).ThenBy(a => a.Path, StringComparer.Ordinal).ToList();

    /// <summary><c>/.indra/peer-heat.json</c>: <see cref="PeerAttention"/> as JSON (paths relative to the mount).</summary>
    public string PeerAttentionJson() =>
        JsonSerializer.Serialize(PeerAttention().ToDictionary(a => "vault/" + a.Path, a => new Dictionary<string, object>
        {
            ["unique_peers"] = a.DistinctPeers,
            ["opens"] = a.Opens,
            ["last"] = Iso(a.LastNs),
        }), new JsonSerializerOptions(Wire.Json) { WriteIndented = true }) + "\n";
}

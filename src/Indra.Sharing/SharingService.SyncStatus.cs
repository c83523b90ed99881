using System.Text.Json;
using Indra.Sharing.Protocol;
using Indra.Sharing.Sync;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    private readonly SyncActivity _activity = new();

    /// <summary>
    /// <c>/.indra/sync-status.json</c> (docs/dashboard.md has the shape): for every paired peer, its name, player id
    /// and state (as peers.json), the end of the last sync round that reached it and brought its grants in line
    /// (<c>last_sync</c>, UTC ISO 8601, "" before the first), rounds and failed rounds since the daemon started, the last
    /// failure and when, its offers pending our consent and failed, and the block bytes being fetched from it now
    /// (<c>bytes_in_flight</c>) and fetched since the daemon started. Peer-supplied strings are bounded (<see cref="PeerText"/>).
    /// </summary>
    public string SyncStatusJson()
    {
        var contacts = _db.ListContacts();
        var offers = _db.ListOffers();
        var peers = _db.ListPeers().Where(p => p.IsActive).Select(p =>
        {
            contacts.TryGetValue(p.PlayerId, out var contact);
            var figures = _activity.Of(p.PlayerId);
            var mine = offers.Where(o => o.Peer == p.PlayerId).ToList();
            return new Dictionary<string, object>
            {
                ["name"] = p.Name,
                ["player_id"] = p.PlayerId.ToString(),
                ["state"] = contact.State ?? "never contacted",
                ["last_sync"] = Iso(figures.LastSyncNs),
                ["rounds"] = figures.Rounds,
                ["errors"] = figures.Errors,
                ["last_error"] = figures.LastError,
                ["last_error_at"] = Iso(figures.LastErrorNs),
                ["offers_pending"] = mine.Count(o => o.State == State.OfferState.Pending),
                ["offers_failed"] = mine.Count(o => o.State == State.OfferState.Failed),
                ["bytes_in_flight"] = figures.BytesInFlight,
                ["bytes_fetched"] = figures.BytesFetched,
            };
        }).ToList();
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["player_id"] = PlayerId.ToString(), ["at"] = Iso(NowNs()), ["peers"] = peers },
            new JsonSerializerOptions(Wire.Json) { WriteIndented = true }) + "\n";
    }

    /// <summary>Failed sync rounds with every peer since the daemon started.</summary>
    public long SyncErrors => _activity.TotalErrors;

    /// <summary>Block bytes being fetched from peers now.</summary>
    public long SyncBytesInFlight => _activity.TotalInFlight;

    /// <summary>Paired peers that answered within the last minute (as <c>indra status</c> counts them).</summary>
    public int ConnectedPeers => SharingAdmin.PeerSummary(_vault.Directory!).Connected;
}

using Indra.Engine.Domain;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.State;

public sealed partial class SharingDatabase
{
    /// <summary>The tables of consent and limits: per-peer policy and the offers peers made us (run after <see cref="SharingSchema.Create"/>).</summary>
    internal const string OffersSchema = """
        CREATE TABLE IF NOT EXISTS peer_policy(
            peer_id TEXT PRIMARY KEY, auto_accept INTEGER NOT NULL, quota_bytes INTEGER NOT NULL, quota_entries INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS offers(
            peer_id TEXT NOT NULL, grant_id TEXT NOT NULL, mode TEXT NOT NULL, root TEXT NOT NULL, entries INTEGER NOT NULL,
            bytes INTEGER NOT NULL, version TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, attempts INTEGER NOT NULL,
            retry_ns INTEGER NOT NULL, offered_ns INTEGER NOT NULL, updated_ns INTEGER NOT NULL, taken TEXT NOT NULL DEFAULT '',
            PRIMARY KEY(peer_id, grant_id));
        """;

    private const string OfferColumns = "peer_id, grant_id, mode, root, entries, bytes, version, state, reason, attempts, retry_ns, offered_ns, updated_ns, taken";

    /// <summary>The policy of <paramref name="peer"/> (<see cref="PeerPolicy.Default"/> when none was set).</summary>
    public PeerPolicy GetPolicy(PlayerId peer) =>
        Query("SELECT auto_accept, quota_bytes, quota_entries FROM peer_policy WHERE peer_id = $0", r => new PeerPolicy(peer, r.GetInt64(0) != 0, r.GetInt64(1), r.GetInt64(2)), Hex(peer))
            .FirstOrDefault() ?? PeerPolicy.Default(peer);

    /// <summary>Stores the policy of its peer (replacing the one before).</summary>
    public void SetPolicy(PeerPolicy policy) =>
        Execute("INSERT INTO peer_policy(peer_id, auto_accept, quota_bytes, quota_entries) VALUES($0, $1, $2, $3) ON CONFLICT(peer_id) DO UPDATE SET " +
                "auto_accept = excluded.auto_accept, quota_bytes = excluded.quota_bytes, quota_entries = excluded.quota_entries",
            Hex(policy.Peer), policy.AutoAccept ? 1 : 0, policy.QuotaBytes, policy.QuotaEntries);

    /// <summary>Every offer, by peer and arrival.</summary>
    public IReadOnlyList<OfferRecord> ListOffers() => Query($"SELECT {OfferColumns} FROM offers ORDER BY peer_id, offered_ns, grant_id", ReadOffer);

    /// <summary>The offers of <paramref name="peer"/>, by arrival.</summary>
    public IReadOnlyList<OfferRecord> ListOffers(PlayerId peer) => Query($"SELECT {OfferColumns} FROM offers WHERE peer_id = $0 ORDER BY offered_ns, grant_id", ReadOffer, Hex(peer));

    /// <summary>Inserts or replaces an offer.</summary>
    public void PutOffer(OfferRecord o) =>
        Execute($"INSERT OR REPLACE INTO offers({OfferColumns}) VALUES($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            Hex(o.Peer), o.GrantId, o.Mode.ToString(), o.Root, o.Entries, o.Bytes, o.Version, o.State.ToString(), o.Reason, o.Attempts, o.RetryNs, o.OfferedNs, o.UpdatedNs, o.Taken);

    /// <summary>
    /// Sets the state of the offer <paramref name="grantId"/> of <paramref name="peer"/> unless it is
    /// <paramref name="unless"/> (a concurrent decline is not overwritten by a fetch that was under way).
    /// </summary>
    /// <returns>False when there is no such offer, or it is in state <paramref name="unless"/>.</returns>
    public bool SetOfferState(PlayerId peer, string grantId, OfferState state, string reason, int attempts, long retryNs, long nowNs, OfferState? unless = null) =>
        Execute("UPDATE offers SET state = $2, reason = $3, attempts = $4, retry_ns = $5, updated_ns = $6 WHERE peer_id = $0 AND grant_id = $1 AND ($7 IS NULL OR state <> $7)",
            Hex(peer), grantId, state.ToString(), reason, attempts, retryNs, nowNs, unless?.ToString()) > 0;

    /// <summary>Notes a new version of an offer (its state stays; attempts and next attempt as given).</summary>
    public void UpdateOfferVersion(OfferRecord o) =>
        Execute("UPDATE offers SET mode = $2, root = $3, entries = $4, bytes = $5, version = $6, attempts = $7, retry_ns = $8 WHERE peer_id = $0 AND grant_id = $1",
            Hex(o.Peer), o.GrantId, o.Mode.ToString(), o.Root, o.Entries, o.Bytes, o.Version, o.Attempts, o.RetryNs);

    /// <summary>Records the version of transfer offer <paramref name="grantId"/> we wrote into the vault (what we accept).</summary>
    public void SetOfferTaken(PlayerId peer, string grantId, string version) =>
        Execute("UPDATE offers SET taken = $2 WHERE peer_id = $0 AND grant_id = $1", Hex(peer), grantId, version);

    /// <summary>Recalls one grant we gave (an expired transfer offer).</summary>
    public void RecallGrant(string id, long nowNs) => Execute("UPDATE grants SET recalled_ns = $1 WHERE id = $0 AND recalled_ns = 0 AND completed_ns = 0", id, nowNs);

    /// <summary>Makes every failed offer of <paramref name="peer"/> due for another attempt now (its quota or policy changed).</summary>
    public void RetryFailedOffers(PlayerId peer) => Execute("UPDATE offers SET retry_ns = 0 WHERE peer_id = $0 AND state = 'Failed'", Hex(peer));

    /// <summary>Forgets the offers of <paramref name="peer"/> whose grant it no longer offers.</summary>
    public void DeleteOffersExcept(PlayerId peer, IReadOnlyCollection<string> current)
    {
        var keep = current.ToHashSet(StringComparer.Ordinal);
        InTransaction(() =>
        {
            foreach (var offer in ListOffers(peer).Where(o => !keep.Contains(o.GrantId))) Execute("DELETE FROM offers WHERE peer_id = $0 AND grant_id = $1", Hex(peer), offer.GrantId);
        });
    }

    private static OfferRecord ReadOffer(SqliteDataReader r) =>
        new(PlayerId.Parse(r.GetString(0)), r.GetString(1), Enum.Parse<AccessMode>(r.GetString(2)), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetString(6),
            Enum.Parse<OfferState>(r.GetString(7)), r.GetString(8), r.GetInt32(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12), r.GetString(13));
}

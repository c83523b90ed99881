using Indra.Engine.Domain;
using Indra.Sharing.State;
using Indra.Sharing.Sync;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    /// <summary>How long a transfer grant stays on offer: accepting it later is refused (410) and the grant is withdrawn.</summary>
    public static readonly TimeSpan TransferOfferLifetime = TimeSpan.FromDays(7);

    /// <summary>Wait before the first retry of a failed offer; each further failure doubles it up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between two attempts at a failed offer.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>Bumped whenever offers or policies may have changed (here or from the CLI): sync loops look at their last manifest again.</summary>
    private long _offersStamp;

    /// <summary>Every offer peers made us (<see cref="OfferRecord"/>), by peer and arrival.</summary>
    public IReadOnlyList<OfferRecord> Offers() => _db.ListOffers();

    /// <summary>Accepts an offer (<see cref="OfferAdmin.Accept"/>); it is fetched in its peer's next round.</summary>
    /// <exception cref="SharingException">No such offer, or an ambiguous id.</exception>
    public OfferRecord AcceptOffer(string id) => OffersChanged(OfferAdmin.Accept(_db, id, NowNs()));

    /// <summary>Declines an offer (<see cref="OfferAdmin.Decline"/>); what was received of it goes in its peer's next round.</summary>
    /// <exception cref="SharingException">No such offer, an ambiguous id, or a transfer already taken.</exception>
    public OfferRecord DeclineOffer(string id) => OffersChanged(OfferAdmin.Decline(_db, id, NowNs()));

    /// <summary>Turns auto-accept of peer <paramref name="peerName"/>'s offers on or off (<see cref="OfferAdmin.SetAutoAccept"/>).</summary>
    /// <exception cref="SharingException">No paired peer of that name.</exception>
    public PeerPolicy SetAutoAccept(string peerName, bool on) => OffersChanged(OfferAdmin.SetAutoAccept(_db, peerName, on, NowNs()));

    /// <summary>Sets the byte and entry quota of peer <paramref name="peerName"/> (<see cref="OfferAdmin.SetQuota"/>).</summary>
    /// <exception cref="SharingException">No paired peer of that name, or a negative quota.</exception>
    public PeerPolicy SetQuota(string peerName, long? bytes, long? entries) => OffersChanged(OfferAdmin.SetQuota(_db, peerName, bytes, entries));

    private T OffersChanged<T>(T result)
    {
        Interlocked.Increment(ref _offersStamp);
        return result;
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failure in a row: 10 s, 20 s, 40 s, ... at most an hour.</summary>
    internal static TimeSpan RetryDelay(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 20);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <summary>
    /// Records <paramref name="grant"/> as an offer of <paramref name="peer"/>, or notes its new version: a new offer is
    /// accepted at once under auto-accept (or when it was taken before offers existed), pending otherwise; a new
    /// version of a failed offer is due at once.
    /// </summary>
    private OfferRecord RecordOffer(PeerRecord peer, PeerPolicy policy, IncomingGrant grant, OfferRecord? known, bool heldBefore)
    {
        var entries = grant.Entries;
        var version = EntryDigest.Of(entries.Select(e => (e.Path, e.IsDirectory, e.ArtifactId)).ToList()).ToString();
        var bytes = entries.Sum(e => e.Size);
        var root = PeerText.Bound(entries[0].Path);
        var now = NowNs();
        if (known is null)
        {
            var state = policy.AutoAccept || heldBefore ? OfferState.Accepted : OfferState.Pending;
            var offer = new OfferRecord(peer.PlayerId, grant.Id, grant.Mode, root, entries.Count, bytes, version, state, "", 0, 0, now, now);
            _db.PutOffer(offer);
            if (state == OfferState.Pending) _log.LogInformation("{Peer} offers {Mode} {Root} ({Entries} entries, {Bytes} bytes): 'indra accept {Id}' or 'indra decline {Id}'",
                peer.Name, grant.Mode, root, entries.Count, bytes, grant.Id, grant.Id);
            return offer;
        }
        if (known.Version == version && known.Mode == grant.Mode) return known;
        var updated = known with
        {
            Mode = grant.Mode, Root = root, Entries = entries.Count, Bytes = bytes, Version = version,
            Attempts = known.State == OfferState.Failed ? 0 : known.Attempts, RetryNs = 0,
        };
        _db.UpdateOfferVersion(updated);
        return updated;
    }

    /// <summary>Marks an offer failed with <paramref name="reason"/> and its next attempt after the backoff; returns that time (UTC ns).</summary>
    private long FailOffer(PeerRecord peer, OfferRecord offer, string reason)
    {
        var attempts = offer.Attempts + 1;
        var now = NowNs();
        var retry = now + (long)RetryDelay(attempts).TotalMilliseconds * 1_000_000;
        reason = PeerText.Bound(reason, 500);
        // Blocks fetched for it before it failed are named by nothing: collected at the end of this round.
        _gcWanted = true;
        if (_db.SetOfferState(peer.PlayerId, offer.GrantId, OfferState.Failed, reason, attempts, retry, now, unless: OfferState.Declined))
            _log.LogWarning("offer {Id} from {Peer} ({Root}) failed (attempt {Attempts}, next in {Seconds:0} s): {Reason}",
                offer.GrantId, peer.Name, offer.Root, attempts, RetryDelay(attempts).TotalSeconds, reason);
        return retry;
    }

    /// <summary>Marks an offer accepted and cleared of failures (unless the user declined it meanwhile).</summary>
    private void OfferDone(PeerRecord peer, OfferRecord offer)
    {
        if (offer.State == OfferState.Accepted && offer.Attempts == 0) return;
        _db.SetOfferState(peer.PlayerId, offer.GrantId, OfferState.Accepted, "", 0, 0, NowNs(), unless: OfferState.Declined);
    }

    /// <summary>
    /// Why fetching <paramref name="grant"/> would take more of the peer's quota (<paramref name="policy"/>) than is left, or null
    /// when it fits: what we hold from the peer under its other grants plus this grant's entries and bytes.
    /// </summary>
    private static string? OverQuota(PeerPolicy policy, IncomingGrant grant, IReadOnlyDictionary<string, List<ReceivedEntry>> stored)
    {
        var others = stored.Where(s => s.Key != grant.Id).SelectMany(s => s.Value).ToList();
        var bytes = others.Sum(e => e.Size) + grant.Entries.Sum(e => e.Size);
        var entries = others.Count + grant.Entries.Count;
        if (bytes > policy.QuotaBytes) return $"over quota: {bytes} bytes held with this offer, the quota is {policy.QuotaBytes} bytes ('indra peer quota')";
        if (entries > policy.QuotaEntries) return $"over quota: {entries} entries held with this offer, the quota is {policy.QuotaEntries} entries ('indra peer quota')";
        return null;
    }

    /// <summary>Expiry of a transfer grant's offer (UTC ns): <see cref="TransferOfferLifetime"/> after it was made.</summary>
    private static long TransferExpiresNs(GrantRecord grant) => grant.CreatedNs + (long)TransferOfferLifetime.TotalMilliseconds * 1_000_000;

    /// <summary>Withdraws transfer grants whose offer expired (the giver keeps its copy).</summary>
    private void ExpireTransfers()
    {
        var now = NowNs();
        var expired = _state.Grants.Where(g => g.Mode == AccessMode.Transfer && g.IsActive(now) && now >= TransferExpiresNs(g)).ToList();
        foreach (var grant in expired)
        {
            _db.RecallGrant(grant.Id, now);
            _log.LogInformation("the transfer of /vault/{Path} to {Peer} expired unaccepted; it stays here", grant.Path, grant.Peer);
        }
        if (expired.Count > 0) ReloadState();
    }
}

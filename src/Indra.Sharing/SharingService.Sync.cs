using System.Security.Authentication;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.Protocol;
using Indra.Sharing.State;
using Indra.Sharing.Sync;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    private readonly Dictionary<PlayerId, PeerLoop> _loops = new();

    /// <summary>A running sync loop for one peer (restarted when the peer's address changes).</summary>
    private sealed record PeerLoop(PeerRecord Peer, CancellationTokenSource Cancel, Task Task);

    /// <summary>Starts loops for newly paired peers and stops those of removed or re-addressed ones.</summary>
    private void EnsureLoops()
    {
        var active = _state.Peers.Where(p => p.IsActive).ToDictionary(p => p.PlayerId);
        lock (_loops)
        {
            foreach (var (id, loop) in _loops.ToList())
            {
                if (active.TryGetValue(id, out var peer) && peer.Host == loop.Peer.Host && peer.Port == loop.Peer.Port) continue;
                loop.Cancel.Cancel();
                _loops.Remove(id);
                Interlocked.Exchange(ref _viewsDirty, 1);
            }
            foreach (var (id, peer) in active)
            {
                if (_loops.ContainsKey(id) || _stop.IsCancellationRequested) continue;
                var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                _loops[id] = new PeerLoop(peer, cancel, Task.Run(() => RunPeerAsync(peer, cancel.Token)));
            }
        }
    }

    private void StopLoops()
    {
        List<PeerLoop> loops;
        lock (_loops)
        {
            loops = _loops.Values.ToList();
            _loops.Clear();
        }
        foreach (var loop in loops) loop.Cancel.Cancel();
        try
        {
            Task.WaitAll(loops.Select(l => l.Task).ToArray(), TimeSpan.FromSeconds(10));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            _log.LogInformation("sync loops stopped");
        }
        foreach (var loop in loops) loop.Cancel.Dispose();
    }

    private async Task RunPeerAsync(PeerRecord peer, CancellationToken token)
    {
        PeerClient? client = null;
        string? etag = null;
        ManifestDto? applied = null;
        var appliedStamp = -1L;
        var retryNs = long.MaxValue;
        var lastState = "";
        var pace = new RoundPace(_options.SyncInterval, Environment.TickCount64);
        try
        {
            while (!token.IsCancellationRequested)
            {
                string state;
                var error = "";
                var roundStarted = Environment.TickCount64;
                var manifestChanged = false;
                try
                {
                    client ??= NewClient(peer);
                    var stamp = Interlocked.Read(ref _offersStamp);
                    // The peer holds an unchanged manifest up to one interval (well within the request timeout) and
                    // answers as soon as it changes.
                    var wait = _options.SyncInterval < _options.RequestTimeout / 2 ? _options.SyncInterval : _options.RequestTimeout / 2;
                    var (manifest, tag) = await client.GetManifestAsync(etag, wait, token).ConfigureAwait(false);
                    _db.SetContact(peer.PlayerId, NowNs(), "online", "");
                    manifestChanged = manifest is not null;
                    // An unchanged manifest is looked at again when offers or policies changed, or a failed offer is due.
                    var apply = manifest ?? (applied is not null && (stamp != appliedStamp || NowNs() >= retryNs) ? applied : null);
                    if (apply is not null)
                    {
                        retryNs = await ApplyAsync(peer, client, apply, token).ConfigureAwait(false);
                        (applied, appliedStamp, etag) = (apply, stamp, tag);
                    }
                    await ReportAttentionAsync(peer, client, token).ConfigureAwait(false);
                    state = "online";
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (client is null && e is not OutOfMemoryException)
                {
                    // The stored address cannot make a URI (a malformed invite): say so and look again next round.
                    state = "bad address";
                    error = $"cannot reach {PeerText.Bound(peer.Host, 100)}:{peer.Port}: {Describe(e)}";
                    TrySetContact(peer.PlayerId, state, error);
                }
                catch (PeerUnpairedException e)
                {
                    (state, error) = ("unpaired", e.Message);
                    await ForgetUnpairedAsync(peer, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or PeerProtocolException or IOException or OperationCanceledException or AuthenticationException or SharingException)
                {
                    state = e is PeerProtocolException or AuthenticationException || e.InnerException is AuthenticationException ? "refused"
                        : e is HttpRequestException { StatusCode: System.Net.HttpStatusCode.TooManyRequests } ? "busy" : "unreachable";
                    error = Describe(e);
                    TrySetContact(peer.PlayerId, state, error);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A bug must not end syncing with this peer for the life of the daemon: report it and retry next round.
                    state = "error";
                    error = $"unexpected {e.GetType().Name}: {Describe(e)}";
                    TrySetContact(peer.PlayerId, state, error);
                }
                _activity.Round(peer.PlayerId, state == "online" ? "" : error.Length > 0 ? error : state, NowNs());
                if (state != lastState)
                {
                    _log.LogInformation("peer {Peer} is {State}{Error}", peer.Name, state, error.Length > 0 ? ": " + error : "");
                    lastState = state;
                }
                // A round that spent its interval waiting for the peer's manifest to change starts the next at once, and
                // so does one that applied a changed manifest while the pace allows (the next change may follow soon);
                // any other answered sooner (a peer without long polls, an error) waits out the rest of the interval.
                if (state == "online" && manifestChanged && pace.TakeImmediate(Environment.TickCount64)) continue;
                var rest = state == "online" ? _options.SyncInterval - TimeSpan.FromMilliseconds(Environment.TickCount64 - roundStarted) : _options.SyncInterval;
                if (rest <= TimeSpan.Zero) continue;
                try
                {
                    await Task.Delay(rest, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            client?.Dispose();
        }
    }

    private PeerClient NewClient(PeerRecord peer) => new(peer.Host, peer.Port, peer.PlayerId, _certificate, _options.RequestTimeout);

    /// <summary>The messages of an exception and its causes, innermost last, bounded (<see cref="PeerText"/>: they may quote a peer).</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null && parts.Count < 4; x = x.InnerException) parts.Add(x.Message);
        return PeerText.Bound(string.Join(": ", parts.Distinct()), 500);
    }

    private void TrySetContact(PlayerId peer, string state, string error)
    {
        try
        {
            _db.SetContact(peer, 0, state, error);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _log.LogWarning("cannot record peer state: {Reason}", e.Message);
        }
    }

    /// <summary>
    /// Brings what <paramref name="peer"/> granted us in line with its manifest, as far as we consent: every grant is an
    /// offer (<see cref="RecordOffer"/>); pending and declined ones are not fetched (a declined one's entries go),
    /// accepted ones are fetched within the peer's quota, and one that fails is marked failed and tried again after a
    /// backoff. A failure of one offer does not stop the others, nor make the peer look unreachable.
    /// </summary>
    /// <returns>When the earliest failed offer is due again (UTC ns; <see cref="long.MaxValue"/> when none).</returns>
    /// <exception cref="HttpRequestException">The peer could not be reached (also IOException, a timeout).</exception>
    private async Task<long> ApplyAsync(PeerRecord peer, PeerClient client, ManifestDto manifest, CancellationToken token)
    {
        var incoming = IncomingGrant.FromManifest(manifest, peer.PlayerId);
        var policy = _db.GetPolicy(peer.PlayerId).LoweredTo(_options.PeerQuotaBytesCap, _options.PeerQuotaEntriesCap);
        var offers = _db.ListOffers(peer.PlayerId).ToDictionary(o => o.GrantId, StringComparer.Ordinal);
        var stored = _db.ListReceived().Where(e => e.Peer == peer.PlayerId).GroupBy(e => e.GrantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Path, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var changed = false;
        var retryNs = long.MaxValue;
        var declined = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var grant in incoming)
            {
                var held = stored.ContainsKey(grant.Id) || (grant.Mode == AccessMode.Transfer && _db.TransferTaken(grant.Id));
                var offer = RecordOffer(peer, policy, grant, offers.GetValueOrDefault(grant.Id), held);
                if (offer.State == OfferState.Declined) declined.Add(grant.Id);
                if (offer.State is OfferState.Pending or OfferState.Declined) continue;
                if (offer.State == OfferState.Failed && offer.RetryNs > NowNs())
                {
                    retryNs = Math.Min(retryNs, offer.RetryNs);
                    continue;
                }
                if (grant.Mode == AccessMode.Transfer)
                {
                    retryNs = Math.Min(retryNs, await TakeTransferAsync(peer, client, grant, offer, stored, policy, token).ConfigureAwait(false));
                    continue;
                }
                if (stored.TryGetValue(grant.Id, out var old) && Same(old, grant.Entries) && _received.HasAll(peer.PlayerId, old))
                {
                    OfferDone(peer, offer);
                    continue;
                }
                if (OverQuota(policy, grant, stored) is { } refusal)
                {
                    retryNs = Math.Min(retryNs, FailOffer(peer, offer, refusal));
                    continue;
                }
                try
                {
                    using (_received.Hold(peer.PlayerId, grant.Entries))
                    {
                        await _received.FetchAsync(peer.PlayerId, client, grant.Entries, _options.ParallelBlockFetches, token, _activity).ConfigureAwait(false);
                        _db.ReplaceGrantEntries(peer.PlayerId, grant.Id, grant.Entries);
                    }
                }
                catch (PeerProtocolException e)
                {
                    retryNs = Math.Min(retryNs, FailOffer(peer, offer, Describe(e)));
                    continue;
                }
                OfferDone(peer, offer);
                changed = true;
                _gcWanted |= old is not null;
            }
            _db.DeleteOffersExcept(peer.PlayerId, incoming.Select(g => g.Id).ToList());
            var current = incoming.Select(g => g.Id).Where(id => !declined.Contains(id)).ToHashSet(StringComparer.Ordinal);
            foreach (var (grantId, entries) in stored.Where(s => !current.Contains(s.Key)))
            {
                // Recalled (or expired) at the owner: a permanent grant stays as last synced; the others go, and so does
                // anything the user declined.
                if (entries[0].Mode == AccessMode.Permanent && !declined.Contains(grantId))
                {
                    if (!entries[0].Retained) _db.RetainGrantEntries(peer.PlayerId, grantId);
                    continue;
                }
                _db.DeleteGrantEntries(peer.PlayerId, grantId);
                changed = true;
                _gcWanted = true;
            }
        }
        finally
        {
            // What was recorded is shown even when a later grant failed; old blocks go only after the views moved on.
            if (changed) RefreshViews();
        }
        if (_gcWanted) CollectGarbage();
        return retryNs;
    }

    private static bool Same(List<ReceivedEntry> old, IReadOnlyList<ReceivedEntry> incoming)
    {
        if (old.Count != incoming.Count || old[0].Retained) return false;
        var sorted = incoming.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        for (var i = 0; i < old.Count; i++)
        {
            var (a, b) = (old[i], sorted[i]);
            if (a.Path != b.Path || a.IsDirectory != b.IsDirectory || a.ArtifactId != b.ArtifactId || a.Size != b.Size || a.ModifiedNs != b.ModifiedNs
                || a.Mode != b.Mode || a.ExpiresNs != b.ExpiresNs || !a.Audience.ToHashSet().SetEquals(b.Audience)) return false;
        }
        return true;
    }

    /// <summary>
    /// Takes stewardship of an accepted transfer offer: checked against the quota, fetched and verified, written into
    /// /vault through the vault filesystem (<see cref="TransferWriter"/>), a read grant back to the giver; then tells
    /// the giver which version we took. Any failure marks the offer failed (staging removed by the writer).
    /// </summary>
    /// <returns>When it is due again after a failure (UTC ns), or <see cref="long.MaxValue"/>.</returns>
    private async Task<long> TakeTransferAsync(PeerRecord peer, PeerClient client, IncomingGrant grant, OfferRecord offer,
        IReadOnlyDictionary<string, List<ReceivedEntry>> stored, PeerPolicy policy, CancellationToken token)
    {
        var root = PeerText.Bound(grant.Entries[0].Path);
        if (!_db.TransferTaken(grant.Id))
        {
            if (OverQuota(policy, grant, stored) is { } refusal) return FailOffer(peer, offer, refusal);
            using var hold = _received.Hold(peer.PlayerId, grant.Entries);
            try
            {
                await _received.FetchAsync(peer.PlayerId, client, grant.Entries, _options.ParallelBlockFetches, token, _activity).ConfigureAwait(false);
                string local;
                try
                {
                    local = TransferWriter.Write(_fs, _options.TransferFolder, grant.Entries, _received.For(peer.PlayerId));
                }
                catch (Exception e) when (e is SharingException or IOException or UnauthorizedAccessException)
                {
                    return FailOffer(peer, offer, $"cannot write it into /vault/{_options.TransferFolder}: {Describe(e)}");
                }
                var now = NowNs();
                _db.RecordTransfer(grant.Id, peer.PlayerId, local, now);
                _db.SetOfferTaken(peer.PlayerId, grant.Id, offer.Version);
                offer = offer with { Taken = offer.Version };
                if (_vault.Tree.Resolve(local) is { } written) _db.AddGrant(written.Inode, local, peer.PlayerId, AccessMode.Revocable, 0, now);
                ReloadState();
                _log.LogInformation("took stewardship of {Path} from {Peer} at /vault/{Local}", root, peer.Name, PeerText.Bound(local));
            }
            catch (PeerProtocolException e)
            {
                return FailOffer(peer, offer, Describe(e));
            }
        }
        try
        {
            await client.AcceptTransferAsync(grant.Id, Blake3Hash.Parse(offer.Taken.Length > 0 ? offer.Taken : offer.Version), token).ConfigureAwait(false);
        }
        catch (PeerProtocolException e)
        {
            return FailOffer(peer, offer, $"the giver refused our acceptance (the offer expired or was withdrawn): {Describe(e)}");
        }
        OfferDone(peer, offer);
        return long.MaxValue;
    }

    private async Task ReportAttentionAsync(PeerRecord peer, PeerClient client, CancellationToken token)
    {
        var items = new List<AttentionItemDto>();
        foreach (var key in _opens.Keys.Where(k => k.Steward == peer.PlayerId).Take(Wire.MaxAttentionItems))
        {
            if (_opens.TryRemove(key, out var count)) items.Add(new AttentionItemDto(key.Id.ToString(), count));
        }
        if (items.Count > 0) await client.ReportAttentionAsync(new AttentionReportDto(items), token).ConfigureAwait(false);
    }
}

using System.Buffers;
using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<BlockHash, int> _pins = new();
    private readonly ConcurrentDictionary<Blake3Hash, bool> _verified = new();
    private readonly object _gcLock = new();
    private volatile bool _gcWanted;

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
        using var client = new PeerClient(peer.Host, peer.Port, peer.PlayerId, _certificate, _options.RequestTimeout);
        string? etag = null;
        var lastState = "";
        while (!token.IsCancellationRequested)
        {
            string state;
            var error = "";
            try
            {
                var (manifest, tag) = await client.GetManifestAsync(etag, token).ConfigureAwait(false);
                _db.SetContact(peer.PlayerId, NowNs(), "online", "");
                if (manifest is not null)
                {
                    await ApplyAsync(peer, client, manifest, token).ConfigureAwait(false);
                    etag = tag;
                }
                await ReportAttentionAsync(peer, client, token).ConfigureAwait(false);
                state = "online";
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (PeerUnpairedException e)
            {
                (state, error) = ("unpaired", e.Message);
                await ForgetUnpairedAsync(peer, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or PeerProtocolException or IOException or OperationCanceledException or AuthenticationException or SharingException)
            {
                state = e is PeerProtocolException or AuthenticationException || e.InnerException is AuthenticationException ? "refused" : "unreachable";
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
            if (state != lastState)
            {
                _log.LogInformation("peer {Peer} is {State}{Error}", peer.Name, state, error.Length > 0 ? ": " + error : "");
                lastState = state;
            }
            try
            {
                await Task.Delay(_options.SyncInterval, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The messages of an exception and its causes, innermost last.</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null && parts.Count < 4; x = x.InnerException) parts.Add(x.Message);
        return string.Join(": ", parts.Distinct());
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

    /// <summary>Brings what <paramref name="peer"/> granted us in line with its manifest.</summary>
    private async Task ApplyAsync(PeerRecord peer, PeerClient client, ManifestDto manifest, CancellationToken token)
    {
        var incoming = IncomingGrant.FromManifest(manifest, peer.PlayerId);
        var stored = _db.ListReceived().Where(e => e.Peer == peer.PlayerId).GroupBy(e => e.GrantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Path, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var changed = false;
        foreach (var grant in incoming)
        {
            if (grant.Mode == AccessMode.Transfer)
            {
                await TakeTransferAsync(peer, client, grant, token).ConfigureAwait(false);
                continue;
            }
            if (stored.TryGetValue(grant.Id, out var old) && Same(old, grant.Entries)) continue;
            var pinned = Pin(grant.Entries);
            try
            {
                await FetchAsync(client, grant.Entries, token).ConfigureAwait(false);
                _db.ReplaceGrantEntries(peer.PlayerId, grant.Id, grant.Entries);
            }
            finally
            {
                Unpin(pinned);
            }
            changed = true;
            _gcWanted |= old is not null;
        }
        var current = incoming.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (grantId, entries) in stored.Where(s => !current.Contains(s.Key)))
        {
            // Recalled (or expired) at the owner: a permanent grant stays as last synced; the others go.
            if (entries[0].Mode == AccessMode.Permanent)
            {
                if (!entries[0].Retained) _db.RetainGrantEntries(peer.PlayerId, grantId);
                continue;
            }
            _db.DeleteGrantEntries(peer.PlayerId, grantId);
            changed = true;
            _gcWanted = true;
        }
        if (!changed) return;
        RefreshViews();
        if (_gcWanted) CollectGarbage();
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

    /// <summary>Fetches the blocks we lack (in parallel, each verified on receipt), then checks every file hashes to its id.</summary>
    /// <exception cref="PeerProtocolException">A block or a file does not hash to its id.</exception>
    private async Task FetchAsync(PeerClient client, IReadOnlyList<ReceivedEntry> entries, CancellationToken token)
    {
        var needed = entries.Where(e => !e.IsDirectory).SelectMany(e => e.Blocks).DistinctBy(b => b.Hash).Where(b => !_received.Contains(b.Hash)).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(needed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.ParallelBlockFetches), CancellationToken = token }, async (block, cancel) =>
        {
            var buffer = await client.GetBlockAsync(block.Hash, block.Size, cancel).ConfigureAwait(false);
            try
            {
                _received.Put(block.Hash, buffer.AsSpan(0, block.Size), durable: false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }).ConfigureAwait(false);
        var fetched = started.Elapsed;
        foreach (var file in entries.Where(e => !e.IsDirectory))
        {
            if (_verified.ContainsKey(file.ArtifactId)) continue;
            if (LeafVerifier.Hash(_received, file.Blocks) != file.ArtifactId) throw new PeerProtocolException($"{file.Path} does not hash to its id {file.ArtifactId}: refused");
            _verified[file.ArtifactId] = true;
        }
        var bytes = needed.Sum(b => (long)b.Size);
        if (bytes >= 64L << 20)
            _log.LogInformation("fetched {Blocks} blocks ({MiB} MiB) in {FetchSeconds:0.00} s, verified files in {VerifySeconds:0.00} s", needed.Count, bytes >> 20, fetched.TotalSeconds, (started.Elapsed - fetched).TotalSeconds);
    }

    /// <summary>Takes stewardship of a transfer grant: verified copy into /vault, a read grant back to the giver, then tells the giver.</summary>
    private async Task TakeTransferAsync(PeerRecord peer, PeerClient client, IncomingGrant grant, CancellationToken token)
    {
        if (!_db.TransferTaken(grant.Id))
        {
            var pinned = Pin(grant.Entries);
            try
            {
                await FetchAsync(client, grant.Entries, token).ConfigureAwait(false);
                var local = _options.MountPoint is { } mount
                    ? MountTransferWriter.Write(mount, _options.TransferFolder, grant.Entries, _received)
                    : TransferWriter.Write(_fs, _options.TransferFolder, grant.Entries, _received);
                var now = NowNs();
                _db.RecordTransfer(grant.Id, peer.PlayerId, local, now);
                if (_vault.Tree.Resolve(local) is { } written) _db.AddGrant(written.Inode, local, peer.PlayerId, AccessMode.Revocable, 0, now);
                ReloadState();
                _log.LogInformation("took stewardship of {Path} from {Peer} at /vault/{Local}", grant.Entries[0].Path, peer.Name, local);
            }
            finally
            {
                Unpin(pinned);
            }
        }
        await client.AcceptTransferAsync(grant.Id, token).ConfigureAwait(false);
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

    private List<BlockHash> Pin(IReadOnlyList<ReceivedEntry> entries)
    {
        var hashes = entries.SelectMany(e => e.Blocks).Select(b => b.Hash).Distinct().ToList();
        foreach (var hash in hashes) _pins.AddOrUpdate(hash, 1, (_, n) => n + 1);
        return hashes;
    }

    private void Unpin(List<BlockHash> hashes)
    {
        foreach (var hash in hashes)
        {
            var left = _pins.AddOrUpdate(hash, 0, (_, n) => n - 1);
            if (left <= 0) _pins.TryRemove(new KeyValuePair<BlockHash, int>(hash, left));
        }
    }

    /// <summary>Deletes received blocks that no entry references and no download holds.</summary>
    private void CollectGarbage()
    {
        lock (_gcLock)
        {
            _gcWanted = false;
            var live = _db.ListReceived().SelectMany(e => e.Blocks).Select(b => b.Hash).ToHashSet();
            foreach (var hash in _received.Enumerate().ToList())
            {
                if (!live.Contains(hash) && !_pins.ContainsKey(hash)) _received.Delete(hash);
            }
        }
    }
}

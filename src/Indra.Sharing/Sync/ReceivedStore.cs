using System.Collections.Concurrent;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.Protocol;
using Indra.Sharing.State;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing.Sync;

/// <summary>
/// The blocks peers sent us, kept apart per peer in <c>VAULT/sharing/blocks/PLAYERID/</c>
/// (<see cref="SharingLayout.PeerBlocks"/>): a block is fetched from a peer unless that same peer sent it before, so a
/// block held from bob is still requested from carol, and no peer learns from what we ask for (or do not) what others
/// gave us. Each block is verified on receipt and each file against its id, per peer (<see cref="LeafVerifier"/>).
/// Downloads pin the blocks they are about to record (<see cref="Hold"/>); <see cref="Collect"/> deletes what no
/// recorded entry, no view and no pin names. Thread-safe; one instance per vault directory.
/// </summary>
internal sealed class ReceivedStore : IDisposable
{
    private readonly string _vaultDirectory;
    private readonly ContentBlocks? _own;
    private readonly ILogger _log;
    private readonly Dictionary<PlayerId, ContentBlocks> _stores = new();
    private readonly Dictionary<ContentBlocks, PlayerId> _owners = new(ReferenceEqualityComparer.Instance);
    private readonly LeafVerifier _verifier = new();
    private readonly object _collectLock = new();
    private readonly Dictionary<(PlayerId Peer, BlockHash Hash), int> _pins = new();
    private HashSet<(PlayerId Peer, BlockHash Hash)>? _pinnedDuringCollect;

    private ReceivedStore(string vaultDirectory, ContentBlocks? own, ILogger log)
    {
        _vaultDirectory = vaultDirectory;
        _own = own;
        _log = log;
    }

    /// <summary>
    /// Opens the received blocks of the vault in <paramref name="vaultDirectory"/>. Blocks of an older vault kept in one
    /// store for every peer (<c>blocks/ab/HASH</c>) are first moved to the peers whose recorded entries name them
    /// (<see cref="LegacyReceivedBlocks"/>); those no entry names are dropped.
    /// </summary>
    /// <param name="vaultDirectory">The vault directory (the sharing folder exists).</param>
    /// <param name="received">Every recorded received entry (who sent which blocks).</param>
    /// <param name="log">Where the move and large fetches are reported.</param>
    /// <param name="own">The vault's own blocks: received blocks are sealed as they are (<see cref="ContentBlocks.OpenDirectoryBeside"/>,
    /// in an encrypted vault), and plain ones left by an earlier version are sealed now (<see cref="ReceivedBlockSealing"/>). Null: kept plain.</param>
    /// <exception cref="IOException">A folder cannot be made or read.</exception>
    internal static ReceivedStore Open(string vaultDirectory, IReadOnlyList<ReceivedEntry> received, ILogger log, ContentBlocks? own = null)
    {
        var store = new ReceivedStore(vaultDirectory, own, log);
        SharingLayout.EnsureBlocksFolder(vaultDirectory);
        var (moved, dropped) = LegacyReceivedBlocks.Move(SharingLayout.Blocks(vaultDirectory), received, store.For);
        if (moved + dropped > 0) log.LogInformation("moved {Moved} received blocks to their peers' folders, dropped {Dropped} that nothing names", moved, dropped);
        if (own is { IsSealed: true }) ReceivedBlockSealing.SealPlain(SharingLayout.Blocks(vaultDirectory), received, store.For, log);
        return store;
    }

    /// <summary>The blocks received from <paramref name="peer"/> (its folder is made when missing). The same object every time.</summary>
    internal ContentBlocks For(PlayerId peer)
    {
        lock (_stores)
        {
            if (_stores.TryGetValue(peer, out var store)) return store;
            var folder = SharingLayout.PeerBlocks(_vaultDirectory, peer);
            store = _own is null ? ContentBlocks.OpenDirectory(folder) : _own.OpenDirectoryBeside(folder);
            _stores[peer] = store;
            _owners[store] = peer;
            return store;
        }
    }

    /// <summary>The peer whose received blocks <paramref name="store"/> holds; false for any other store (the vault's own).</summary>
    internal bool TryGetPeer(ContentBlocks store, out PlayerId peer)
    {
        lock (_stores) return _owners.TryGetValue(store, out peer);
    }

    /// <summary>True when every block of <paramref name="entries"/> is stored for <paramref name="peer"/>.</summary>
    internal bool HasAll(PlayerId peer, IReadOnlyList<ReceivedEntry> entries)
    {
        var store = For(peer);
        return entries.All(e => e.Blocks.All(b => store.Contains(b.Hash)));
    }

    /// <summary>
    /// Pins the blocks of <paramref name="entries"/> from <paramref name="peer"/> until the result is disposed:
    /// <see cref="Collect"/> keeps them meanwhile. Take it before fetching and release it after recording the entries.
    /// </summary>
    internal IDisposable Hold(PlayerId peer, IReadOnlyList<ReceivedEntry> entries) => HoldBlocks(peer, entries.SelectMany(e => e.Blocks));

    /// <summary>
    /// Pins <paramref name="blocks"/> from <paramref name="peer"/> until the result is disposed: <see cref="Collect"/>
    /// keeps them meanwhile (downloads, and open view files holding the version they opened).
    /// </summary>
    internal IDisposable HoldBlocks(PlayerId peer, IEnumerable<BlockRef> blocks)
    {
        var keys = blocks.Select(b => (peer, b.Hash)).Distinct().ToList();
        lock (_pins)
        {
            foreach (var key in keys)
            {
                _pins[key] = _pins.TryGetValue(key, out var n) ? n + 1 : 1;
                _pinnedDuringCollect?.Add(key);
            }
        }
        return new Pin(this, keys);
    }

    /// <summary>
    /// Fetches from <paramref name="peer"/> the blocks of <paramref name="entries"/> it has not sent us before, then
    /// checks every file hashes to its id, from the chaining values the blocks' checks gave where it can
    /// (<see cref="LeafVerifier"/>). Blocks go in runs (<see cref="PeerClient.GetBlockRunAsync"/>: up to
    /// <see cref="RunBlocks"/> blocks or <see cref="RunBytes"/> bytes, file order) over <see cref="PeerClient.RunConnections"/>
    /// connections at once, each block verified against its name as it arrives and stored by <see cref="BlockWriter"/>
    /// while the next ones arrive; a run the peer does not serve (a peer from before runs, or a block it refuses) is
    /// fetched block by block, <paramref name="parallel"/> requests at once over all runs. Hold the entries
    /// (<see cref="Hold"/>) first. The bytes of each block count as in flight in <c>activity</c> (when given) while it
    /// is fetched, then as fetched.
    /// </summary>
    /// <exception cref="PeerProtocolException">A block or a file does not hash to its id, or the peer refused a block.</exception>
    /// <exception cref="HttpRequestException">The peer could not be reached.</exception>
    /// <exception cref="IOException">A block could not be stored.</exception>
    internal async Task FetchAsync(PlayerId peer, PeerClient client, IReadOnlyList<ReceivedEntry> entries, int parallel, CancellationToken token, SyncActivity? activity = null)
    {
        var store = For(peer);
        // Each block with where it lies in its file: a block named by its position is checked at that position.
        var needed = entries.Where(e => !e.IsDirectory).SelectMany(Placed).DistinctBy(p => p.Block.Hash).Where(p => !store.Contains(p.Block.Hash))
            .Select(p => new PlacedBlock(p.Block.Hash, p.Block.Size, p.Offset, p.FileSize)).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        // Chaining values of the blocks checked now, by position: the files' ids are rebuilt from them (LeafVerifier).
        var checkedNow = new ConcurrentDictionary<(BlockHash Hash, long Offset), ChainingValue>();
        // Verified blocks go to the store on writer threads while the next ones arrive (bounded queue).
        var writer = needed.Count == 0 ? null : new BlockWriter(store, needed.Max(p => p.Size));
        try
        {
            if (writer is not null)
            {
                async ValueTask Received(PlacedBlock block, FetchedBlock fetched, CancellationToken cancel)
                {
                    if (fetched.ChainingValue is { } cv) checkedNow[(block.Hash, block.Offset)] = cv;
                    await writer.WriteAsync(block.Hash, fetched.Buffer, block.Size, cancel).ConfigureAwait(false);
                }
                var singles = Math.Max(1, (parallel + PeerClient.RunConnections - 1) / PeerClient.RunConnections);
                await Parallel.ForEachAsync(Runs(needed), new ParallelOptions { MaxDegreeOfParallelism = PeerClient.RunConnections, CancellationToken = token }, async (run, cancel) =>
                {
                    SyncActivity.Fetch? current = null;
                    var whole = await client.GetBlockRunAsync(run, b => current = activity?.Start(peer, b.Size), (b, fetched) =>
                    {
                        current?.Done();
                        return Received(b, fetched, cancel);
                    }, cancel).ConfigureAwait(false);
                    if (whole) return;
                    await Parallel.ForEachAsync(run, new ParallelOptions { MaxDegreeOfParallelism = singles, CancellationToken = cancel }, async (block, cancelOne) =>
                    {
                        FetchedBlock fetched;
                        using (var fetch = activity?.Start(peer, block.Size))
                        {
                            fetched = await client.GetBlockAsync(block.Hash, block.Size, block.Offset, block.FileSize, cancelOne).ConfigureAwait(false);
                            fetch?.Done();
                        }
                        await Received(block, fetched, cancelOne).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
        }
        catch
        {
            // No write of ours goes on once this returns (the caller's pin may end right after); the fetch's error counts.
            if (writer is not null) await writer.AbandonAsync().ConfigureAwait(false);
            throw;
        }
        if (writer is not null) await writer.CompleteAsync().ConfigureAwait(false);
        var fetchedTime = started.Elapsed;
        foreach (var file in entries.Where(e => !e.IsDirectory)) _verifier.Verify(peer, store, file, checkedNow);
        var bytes = needed.Sum(p => (long)p.Size);
        if (bytes >= 64L << 20)
            _log.LogInformation("fetched {Blocks} blocks ({MiB} MiB) in {FetchSeconds:0.00} s, verified files in {VerifySeconds:0.00} s", needed.Count, bytes >> 20, fetchedTime.TotalSeconds, (started.Elapsed - fetchedTime).TotalSeconds);
    }

    /// <summary>Most blocks in one run asked of a peer (<see cref="Wire.MaxRunBlocks"/>).</summary>
    internal const int RunBlocks = Wire.MaxRunBlocks;

    /// <summary>Most bytes in one run (16 MiB, or one block when larger): with <see cref="PeerClient.RunConnections"/>
    /// runs at once, far more than the bandwidth-delay product of any link, and small enough that the runs of a
    /// file keep every connection busy until its end.</summary>
    internal const long RunBytes = 16L << 20;

    /// <summary><paramref name="blocks"/> cut, in order, into runs of at most <see cref="RunBlocks"/> blocks and
    /// <see cref="RunBytes"/> bytes (a larger block is a run of its own).</summary>
    internal static IEnumerable<IReadOnlyList<PlacedBlock>> Runs(IReadOnlyList<PlacedBlock> blocks)
    {
        var run = new List<PlacedBlock>();
        var bytes = 0L;
        foreach (var block in blocks)
        {
            if (run.Count > 0 && (run.Count == RunBlocks || bytes + block.Size > RunBytes))
            {
                yield return run;
                (run, bytes) = (new List<PlacedBlock>(), 0);
            }
            run.Add(block);
            bytes += block.Size;
        }
        if (run.Count > 0) yield return run;
    }

    /// <summary>The blocks of <paramref name="file"/> with the byte offset each starts at and the file's size.</summary>
    internal static IEnumerable<(BlockRef Block, long Offset, long FileSize)> Placed(ReceivedEntry file)
    {
        long offset = 0;
        foreach (var block in file.Blocks)
        {
            yield return (block, offset, file.Size);
            offset += block.Size;
        }
    }

    /// <summary>
    /// Deletes every received block that <paramref name="inUse"/> does not name and no download held at any time since
    /// the collection began. <paramref name="inUse"/> is called once, after the stores are listed; it must name every
    /// block a recorded entry or a view a reader may still use refers to, and no view may be built from older records
    /// while it runs (hold the lock views are built under). A block pinned after it ran is never deleted, and a download
    /// that pins a block after it was deleted finds it missing and fetches it again.
    /// </summary>
    /// <returns>How many blocks were deleted.</returns>
    internal int Collect(Func<IReadOnlySet<(PlayerId Peer, BlockHash Hash)>> inUse)
    {
        lock (_collectLock)
        {
            lock (_pins) _pinnedDuringCollect = [.. _pins.Keys];
            try
            {
                var present = new List<(PlayerId Peer, BlockHash Hash)>();
                foreach (var peer in StoredPeers()) present.AddRange(For(peer).Enumerate().Select(h => (peer, h)));
                var live = inUse();
                var deleted = 0;
                foreach (var key in present.Where(k => !live.Contains(k)))
                {
                    lock (_pins)
                    {
                        if (_pinnedDuringCollect.Contains(key)) continue;
                        For(key.Peer).Delete(key.Hash);
                        deleted++;
                    }
                }
                return deleted;
            }
            finally
            {
                lock (_pins) _pinnedDuringCollect = null;
            }
        }
    }

    /// <summary>Closes every peer's store.</summary>
    public void Dispose()
    {
        lock (_stores)
        {
            foreach (var store in _stores.Values) store.Dispose();
            _stores.Clear();
            _owners.Clear();
        }
    }

    /// <summary>Peers with a block folder on disk.</summary>
    private IEnumerable<PlayerId> StoredPeers()
    {
        foreach (var folder in Directory.EnumerateDirectories(SharingLayout.Blocks(_vaultDirectory)))
        {
            if (PlayerId.TryParse(Path.GetFileName(folder), out var peer)) yield return peer;
        }
    }

    private void Release(List<(PlayerId Peer, BlockHash Hash)> keys)
    {
        lock (_pins)
        {
            foreach (var key in keys)
            {
                if (!_pins.TryGetValue(key, out var n)) continue;
                if (n <= 1) _pins.Remove(key);
                else _pins[key] = n - 1;
            }
        }
    }

    /// <summary>A download's hold on its blocks; released once.</summary>
    private sealed class Pin(ReceivedStore owner, List<(PlayerId Peer, BlockHash Hash)> keys) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Release(keys);
        }
    }
}

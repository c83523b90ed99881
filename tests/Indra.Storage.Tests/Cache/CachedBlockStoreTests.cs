using System.Security.Cryptography;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Blocks.Cache;
using Indra.Tests.Shared;

namespace Indra.Storage.Tests.Cache;

public sealed class CachedBlockStoreTests
{
    private const int BlockBytes = 64 * 1024;
    private string _root = null!;
    private string _cacheDir = null!;
    private string _remoteDir = null!;

    [SetUp]
    public void MakeDirectories()
    {
        _root = Path.Combine(Path.GetTempPath(), "h17c-cache-" + Guid.NewGuid().ToString("N")[..8]);
        _cacheDir = Path.Combine(_root, "cache");
        _remoteDir = Path.Combine(_root, "remote");
    }

    [TearDown]
    public void RemoveDirectories() => Directory.Delete(_root, recursive: true);

    private BlockCacheOptions Options(long capacity = 64L * BlockBytes, CacheDurability durability = CacheDurability.Local) =>
        new(_cacheDir, capacity, durability) { RetryInitial = TimeSpan.FromMilliseconds(20), RetryMax = TimeSpan.FromMilliseconds(200), StatusInterval = TimeSpan.FromMilliseconds(100) };

    private static (Blake3Hash Hash, byte[] Data) Block(int size = BlockBytes)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        return (Blake3.Hash(data), data);
    }

    private static byte[] ReadWhole(IBlockStore store, Blake3Hash hash, int size)
    {
        var buffer = new byte[size];
        Assert.That(store.Read(hash, size, 0, buffer), Is.EqualTo(size));
        return buffer;
    }

    [Test]
    public void WritesLandInTheCacheAndUploadInTheBackground()
    {
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options());
        var blocks = Enumerable.Range(0, 5).Select(_ => Block()).ToList();
        foreach (var (hash, data) in blocks) Assert.That(cache.Put(hash, data, durable: false), Is.True);
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the upload queue to drain");
        foreach (var (hash, data) in blocks)
        {
            Assert.That(remote.Inner.Contains(hash), Is.True, "uploaded");
            Assert.That(ReadWhole(remote.Inner, hash, data.Length), Is.EqualTo(data), "the remote holds the same bytes");
            Assert.That(ReadWhole(cache, hash, data.Length), Is.EqualTo(data));
        }
        var status = cache.Status;
        Assert.That(status.UploadedBlocks, Is.EqualTo(5));
        Assert.That(status.UploadedBytes, Is.EqualTo(5L * BlockBytes));
        Assert.That(status.CachedBytes, Is.EqualTo(5L * BlockBytes));
        Assert.That(status.Failures, Is.Zero);
        Assert.That(cache.Put(blocks[0].Hash, blocks[0].Data, durable: false), Is.False, "stored once");
    }

    [Test]
    public void WritesWhileTheRemoteIsDownCompleteIntoTheCacheAndDrainWhenItReturns()
    {
        using var remote = new FlakyBlockStore(_remoteDir) { Down = true };
        using var cache = new CachedBlockStore(remote, Options());
        var blocks = Enumerable.Range(0, 8).Select(_ => Block()).ToList();
        foreach (var (hash, data) in blocks) cache.Put(hash, data, durable: true);
        Wait.Until(() => cache.Status.Failures >= 2, "uploads to fail and be retried");
        var down = cache.Status;
        Assert.That(down.QueuedBlocks, Is.EqualTo(8));
        Assert.That(down.QueuedBytes, Is.EqualTo(8L * BlockBytes));
        Assert.That(down.RemoteReachable, Is.False);
        Assert.That(down.LastError, Does.Contain("unreachable (injected)"));
        foreach (var (hash, data) in blocks) Assert.That(ReadWhole(cache, hash, data.Length), Is.EqualTo(data), "cached blocks are served while the remote is down");
        Assert.That(remote.Inner.Enumerate(), Is.Empty);
        remote.Down = false;
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the queue to drain once the remote returns");
        Assert.That(remote.Inner.Enumerate().ToHashSet(), Is.EquivalentTo(blocks.Select(b => b.Hash)));
        Assert.That(cache.Status.RemoteReachable, Is.True);
    }

    [Test]
    public void ANewStoreOverTheSameDirectoriesDrainsTheDurableQueue()
    {
        var blocks = Enumerable.Range(0, 6).Select(_ => Block()).ToList();
        using (var remote = new FlakyBlockStore(_remoteDir) { Down = true, TimesOut = true })
        using (var cache = new CachedBlockStore(remote, Options()))
        {
            foreach (var (hash, data) in blocks) cache.Put(hash, data, durable: true);
            Wait.Until(() => cache.Status.Failures >= 1, "an upload to time out");
            Assert.That(cache.Status.LastError, Does.Contain("did not answer"));
        }
        Assert.That(BlockCacheStatus.Read(_cacheDir)?.QueuedBlocks, Is.EqualTo(6), "the status file left at close shows the queue");
        using (var remote = new FlakyBlockStore(_remoteDir) { Down = true })
        using (var cache = new CachedBlockStore(remote, Options()))
        {
            Assert.That(cache.Status.QueuedBlocks, Is.EqualTo(6), "the queue is found again");
            remote.Down = false;
            Wait.Until(() => cache.Status.QueuedBlocks == 0, "the resumed queue to drain");
            Assert.That(remote.Inner.Enumerate().ToHashSet(), Is.EquivalentTo(blocks.Select(b => b.Hash)));
            foreach (var (hash, data) in blocks) Assert.That(ReadWhole(remote.Inner, hash, data.Length), Is.EqualTo(data));
        }
        using (var remote = new FlakyBlockStore(_remoteDir))
        using (var cache = new CachedBlockStore(remote, Options()))
        {
            Assert.That(cache.Status.QueuedBlocks, Is.Zero, "uploads recorded in the journal are not queued again");
            Assert.That(remote.Puts, Is.Zero);
        }
    }

    [Test]
    public void ACacheFullOfUnuploadedBlocksRefusesWritesWithEnospcAndLosesNothing()
    {
        using var remote = new FlakyBlockStore(_remoteDir) { Down = true };
        using var cache = new CachedBlockStore(remote, Options(capacity: 4L * BlockBytes));
        var blocks = Enumerable.Range(0, 4).Select(_ => Block()).ToList();
        foreach (var (hash, data) in blocks) cache.Put(hash, data, durable: true);
        Wait.Until(() => cache.Status.Failures >= 1, "an upload to fail");
        var (extra, extraData) = Block();
        var refused = Assert.Throws<CacheFullException>(() => cache.Put(extra, extraData, durable: false))!;
        Assert.That(refused, Is.InstanceOf<IOException>());
        Assert.That(refused.HResult, Is.EqualTo(28), "carries ENOSPC, as a full disk's IOException does");
        Assert.That(Indra.Storage.Metadata.WriteBehindQueue.IsDiskFull(refused), Is.True, "the metadata queue's disk-full test recognises it");
        Assert.That(refused.Message, Does.Contain("4 blocks").And.Contain("unreachable (injected)"));
        Assert.That(CachedFiles(), Does.Not.Contain(extra.ToString()), "the refused block left nothing behind");
        Assert.That(cache.Status.CachedBytes, Is.EqualTo(4L * BlockBytes));
        foreach (var (hash, data) in blocks) Assert.That(ReadWhole(cache, hash, data.Length), Is.EqualTo(data), "every accepted block is still served");

        remote.Down = false;
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the queue to drain");
        Assert.That(cache.Put(extra, extraData, durable: false), Is.True, "room is made by evicting an uploaded block");
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the last block's upload");
        foreach (var (hash, data) in blocks.Append((extra, extraData))) Assert.That(ReadWhole(remote.Inner, hash, data.Length), Is.EqualTo(data));
        Assert.That(cache.Status.CachedBytes, Is.LessThanOrEqualTo(4L * BlockBytes));
    }

    [Test]
    public void AWriteInAFullCacheWaitsForUploadsWhileTheRemoteAnswers()
    {
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options(capacity: 2L * BlockBytes));
        var blocks = Enumerable.Range(0, 12).Select(_ => Block()).ToList();
        foreach (var (hash, data) in blocks) cache.Put(hash, data, durable: false);
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the queue to drain");
        Assert.That(remote.Inner.Enumerate().ToHashSet(), Is.EquivalentTo(blocks.Select(b => b.Hash)), "twelve blocks went through a cache of two");
        Assert.That(cache.Status.CachedBytes, Is.LessThanOrEqualTo(2L * BlockBytes));
    }

    [Test]
    public void EvictionKeepsTheBoundInLeastRecentlyUsedOrderAndNeverEvictsUnuploadedBlocks()
    {
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options(capacity: 4L * BlockBytes));
        var (a, b, c) = (Block(), Block(), Block());
        foreach (var (hash, data) in new[] { a, b, c }) cache.Put(hash, data, durable: false);
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "three uploads");
        // Reads set the order of use: b, then c, then a (a is the most recently used).
        foreach (var (hash, data) in new[] { b, c, a }) ReadWhole(cache, hash, data.Length);
        remote.Down = true;
        var later = Enumerable.Range(0, 4).Select(_ => Block()).ToList();
        var expectedEvictions = new[] { (Blake3Hash?)null, b.Hash, c.Hash, a.Hash };
        for (var i = 0; i < later.Count; i++)
        {
            cache.Put(later[i].Hash, later[i].Data, durable: false);
            Assert.That(CachedFiles(), Has.Count.LessThanOrEqualTo(4), "the bound holds on disk");
            Assert.That(cache.Status.CachedBytes, Is.LessThanOrEqualTo(4L * BlockBytes));
            if (expectedEvictions[i] is { } evicted) Assert.That(CachedFiles(), Does.Not.Contain(evicted.ToString()), $"write {i} evicted the least recently used");
        }
        Assert.That(CachedFiles(), Is.EquivalentTo(later.Select(l => l.Hash.ToString())), "only the un-uploaded blocks are left");
        Assert.Throws<CacheFullException>(() => cache.Put(Block().Hash, Block().Data, durable: false), "no uploaded block is left to evict");
        foreach (var (hash, data) in later) Assert.That(ReadWhole(cache, hash, data.Length), Is.EqualTo(data));
        Assert.Throws<IOException>(() => ReadWhole(cache, b.Hash, b.Data.Length), "an evicted block needs the remote");

        remote.Down = false;
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the queue to drain");
        Assert.That(ReadWhole(cache, b.Hash, b.Data.Length), Is.EqualTo(b.Data), "fetched from the remote");
        Assert.That(CachedFiles(), Does.Contain(b.Hash.ToString()), "and kept in the cache");
        Assert.That(CachedFiles(), Has.Count.LessThanOrEqualTo(4));
    }

    private List<string> CachedFiles() =>
        Directory.EnumerateDirectories(_cacheDir).Where(d => Path.GetFileName(d).Length == 2).SelectMany(Directory.EnumerateFiles).Select(Path.GetFileName).ToList()!;

    [Test]
    public void RemoteDurabilityMakesSyncWaitForTheUpload()
    {
        using var remote = new FlakyBlockStore(_remoteDir) { Down = true };
        using var cache = new CachedBlockStore(remote, Options(durability: CacheDurability.Remote));
        var (hash, data) = Block();
        Assert.That(cache.Put(hash, data, durable: false), Is.True, "a write without fsync does not wait");
        var synced = Task.Run(() => cache.Sync(hash));
        Wait.Until(() => cache.Status.Failures >= 2, "uploads to fail twice");
        Assert.That(synced.IsCompleted, Is.False, "Sync waits while the remote has not acknowledged the block");
        remote.Down = false;
        Assert.That(synced.Wait(Wait.Default), Is.True, "Sync returns once the block is uploaded");
        Assert.That(remote.Inner.Contains(hash), Is.True);

        var (other, otherData) = Block();
        Assert.That(cache.Put(other, otherData, durable: true), Is.True);
        Assert.That(remote.Inner.Contains(other), Is.True, "a durable Put returns after the remote acknowledged the block");
    }

    [Test]
    public void RemoteDurabilitySyncFailsWithAnIoErrorWhenTheRemoteStaysDown()
    {
        using var remote = new FlakyBlockStore(_remoteDir) { Down = true };
        using var cache = new CachedBlockStore(remote, Options(durability: CacheDurability.Remote) with { RemoteSyncTimeout = TimeSpan.FromMilliseconds(300) });
        var (hash, data) = Block();
        var failed = Assert.Throws<IOException>(() => cache.Put(hash, data, durable: true))!;
        Assert.That(failed.Message, Does.Contain("did not acknowledge 1 blocks"));
        Assert.That(failed, Is.Not.InstanceOf<CacheFullException>(), "EIO, not ENOSPC");
        Assert.That(ReadWhole(cache, hash, data.Length), Is.EqualTo(data), "the block stays cached and queued");
        remote.Down = false;
        Wait.Until(() => remote.Inner.Contains(hash), "the upload after the remote returns");
    }

    [Test]
    public void LocalDurabilitySyncDoesNotWaitForTheRemote()
    {
        using var remote = new FlakyBlockStore(_remoteDir) { Down = true };
        using var cache = new CachedBlockStore(remote, Options(durability: CacheDurability.Local));
        var (hash, data) = Block();
        Assert.That(cache.Put(hash, data, durable: true), Is.True);
        cache.Sync(hash);
        cache.SyncMany([hash]);
        Assert.That(cache.Status.QueuedBlocks, Is.EqualTo(1), "durable on local disk while still queued");
    }

    [Test]
    public void DeleteDropsAQueuedUploadAndRemovesFromTheRemoteOnceItAnswers()
    {
        var (uploaded, uploadedData) = Block();
        var (queued, queuedData) = Block();
        using (var remote = new FlakyBlockStore(_remoteDir))
        using (var cache = new CachedBlockStore(remote, Options()))
        {
            cache.Put(uploaded, uploadedData, durable: false);
            Wait.Until(() => remote.Inner.Contains(uploaded), "the first upload");
            remote.Down = true;
            cache.Put(queued, queuedData, durable: false);
            cache.Delete(queued);
            cache.Delete(uploaded);
            Assert.That(cache.Contains(queued), Is.False);
            Assert.That(cache.Contains(uploaded), Is.False, "a deletion waiting for the remote hides the block");
            Assert.That(cache.Status.QueuedBlocks, Is.Zero, "the queued upload is dropped");
            Assert.That(remote.Inner.Contains(uploaded), Is.True, "the remote is down: its deletion waits");
        }
        using (var remote = new FlakyBlockStore(_remoteDir))
        using (var cache = new CachedBlockStore(remote, Options()))
        {
            Wait.Until(() => !remote.Inner.Contains(uploaded), "the recorded deletion to reach the remote after a restart");
            var (later, laterData) = Block();
            cache.Put(later, laterData, durable: false);
            Wait.Until(() => cache.Status.QueuedBlocks == 0, "a later upload");
            Assert.That(remote.Inner.Enumerate(), Is.EqualTo(new[] { later }), "the deleted queued block never reached the remote");
        }
    }

    [Test]
    public void ABlockStoredAgainAfterADeletionThatDidNotReachTheRemoteIsKept()
    {
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options());
        var (hash, data) = Block();
        cache.Put(hash, data, durable: false);
        Wait.Until(() => remote.Inner.Contains(hash), "the upload");
        remote.Down = true;
        cache.Delete(hash);
        cache.Put(hash, data, durable: false);
        remote.Down = false;
        Wait.Until(() => cache.Status.QueuedBlocks == 0 && cache.Status.RemoteReachable, "the queue to drain");
        Assert.That(remote.Inner.Contains(hash), Is.True, "the void deletion did not remove the block stored again");
        Assert.That(ReadWhole(remote.Inner, hash, data.Length), Is.EqualTo(data));
    }

    [Test]
    public void ReadMissesFetchFromTheRemoteAndPrefetchFillsTheCache()
    {
        var blocks = Enumerable.Range(0, 3).Select(_ => Block()).ToList();
        using (var seed = new FileBlockStore(_remoteDir))
        {
            foreach (var (hash, data) in blocks) seed.Put(hash, data, durable: false);
        }
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options());
        Assert.That(cache.Status.CachedBytes, Is.Zero, "a cold cache");
        Assert.That(cache.SizeOf(blocks[0].Hash), Is.EqualTo(BlockBytes), "the size comes from the remote");
        var part = new byte[1000];
        Assert.That(cache.Read(blocks[0].Hash, 5000, part), Is.EqualTo(1000), "a read without the size");
        Assert.That(part, Is.EqualTo(blocks[0].Data[5000..6000]));
        cache.Prefetch(blocks[1].Hash, BlockBytes);
        Wait.Until(() => cache.Status.CachedBytes == 2L * BlockBytes, "the prefetched block in the cache");
        remote.Down = true;
        Assert.That(ReadWhole(cache, blocks[0].Hash, BlockBytes), Is.EqualTo(blocks[0].Data), "the missed block was kept");
        Assert.That(ReadWhole(cache, blocks[1].Hash, BlockBytes), Is.EqualTo(blocks[1].Data), "the prefetched block is served without the remote");
        Assert.Throws<IOException>(() => ReadWhole(cache, blocks[2].Hash, BlockBytes), "a miss while the remote is down is an I/O error");
        remote.Down = false;
        Assert.Throws<BlockMissingException>(() => cache.Read(Block().Hash, BlockBytes, 0, part), "neither store has it");
        Assert.That(cache.Status.QueuedBlocks, Is.Zero, "fetched blocks are not uploaded again");
        Assert.That(remote.Puts, Is.Zero);
    }

    [Test]
    public void A_read_racing_a_prefetch_of_the_same_block_fetches_it_once()
    {
        // The race: a read looks the block up and misses, the prefetch then finishes (block admitted, its fetch
        // ended), and only then does the read ask for the block. It must find the cached block, not fetch it again.
        const int Count = 300;
        const int Small = 4096;
        var blocks = Enumerable.Range(0, Count).Select(_ => Block(Small)).ToArray();
        using (var seed = new FileBlockStore(_remoteDir))
        {
            foreach (var (hash, data) in blocks) seed.Put(hash, data, durable: false);
        }
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options(capacity: 2L * Count * Small));
        using var start = new Barrier(2);
        var wrong = 0;
        var reader = new Thread(() =>
        {
            foreach (var (hash, data) in blocks)
            {
                start.SignalAndWait();
                var buffer = new byte[Small];
                if (cache.Read(hash, Small, 0, buffer) != Small || !buffer.AsSpan().SequenceEqual(data)) Interlocked.Increment(ref wrong);
            }
        });
        reader.Start();
        foreach (var (hash, _) in blocks)
        {
            start.SignalAndWait();
            cache.Prefetch(hash, Small);
        }
        reader.Join();
        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.Zero, "every read returned its block's bytes");
            Assert.That(cache.Counters.FetchedBlocks, Is.EqualTo(Count), "each block fetched from the remote once");
            Assert.That(cache.Counters.FetchedBytes, Is.EqualTo((long)Count * Small));
        });
    }

    [Test]
    public void EnumerateIsTheUnionOfCacheAndRemote()
    {
        var onlyRemote = Block();
        using (var seed = new FileBlockStore(_remoteDir)) seed.Put(onlyRemote.Hash, onlyRemote.Data, durable: false);
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options());
        var uploaded = Block();
        cache.Put(uploaded.Hash, uploaded.Data, durable: false);
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the upload");
        remote.Down = true;
        var onlyCached = Block();
        cache.Put(onlyCached.Hash, onlyCached.Data, durable: false);
        remote.Down = false;
        Assert.That(cache.Enumerate().ToList(), Is.EquivalentTo(new[] { onlyRemote.Hash, uploaded.Hash, onlyCached.Hash }), "each block once");
    }

    [Test]
    public void ConcurrentReadersAndWritersSeeTheirBytes()
    {
        using var remote = new FlakyBlockStore(_remoteDir);
        using var cache = new CachedBlockStore(remote, Options(capacity: 12L * BlockBytes));
        var blocks = Enumerable.Range(0, 48).Select(i => Block(BlockBytes - (i * 512))).ToArray();
        var written = new bool[blocks.Length];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var flips = 0; // twice how often thread 3 switched the remote: a read that failed may have met a remote up again since
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() => Guard(errors, () =>
        {
            var random = new Random(t);
            for (var round = 0; round < 60; round++)
            {
                var i = random.Next(blocks.Length);
                var (hash, data) = blocks[i];
                if (!Volatile.Read(ref written[i]) || random.Next(3) == 0)
                {
                    try
                    {
                        cache.Put(hash, data, durable: random.Next(4) == 0);
                        Volatile.Write(ref written[i], true);
                    }
                    catch (CacheFullException)
                    {
                        // The remote is down and the cache full of blocks waiting for it: this write is refused.
                    }
                }
                if (!Volatile.Read(ref written[i])) continue;
                if (t == 3 && round % 15 == 0)
                {
                    // Counted before and after the switch (odd while it is under way), so that a reader can tell whether
                    // the remote may have been down at any moment since it looked at the count.
                    Interlocked.Increment(ref flips);
                    remote.Down = !remote.Down;
                    Interlocked.Increment(ref flips);
                }
                var buffer = new byte[data.Length];
                var flipsBefore = Volatile.Read(ref flips);
                var offset = random.Next(data.Length);
                try
                {
                    var n = cache.Read(hash, data.Length, offset, buffer);
                    if (n != data.Length - offset || !buffer.AsSpan(0, n).SequenceEqual(data.AsSpan(offset))) errors.Enqueue($"block {i} at {offset}: wrong bytes");
                }
                catch (IOException) when (remote.Down || flipsBefore % 2 == 1 || Volatile.Read(ref flips) != flipsBefore)
                {
                    // A miss of an evicted block while the remote is (or was, during this read) down.
                }
                if (random.Next(8) == 0 && blocks[random.Next(blocks.Length)] is var (hint, hintData)) cache.Prefetch(hint, hintData.Length);
            }
        }))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(errors, Is.Empty);
        remote.Down = false;
        Wait.Until(() => cache.Status.QueuedBlocks == 0, "the queue to drain");
        Assert.That(cache.Status.CachedBytes, Is.LessThanOrEqualTo(12L * BlockBytes));
        for (var i = 0; i < blocks.Length; i++)
        {
            if (!written[i]) continue;
            Assert.That(ReadWhole(remote.Inner, blocks[i].Hash, blocks[i].Data.Length), Is.EqualTo(blocks[i].Data), $"block {i} in the remote");
            Assert.That(ReadWhole(cache, blocks[i].Hash, blocks[i].Data.Length), Is.EqualTo(blocks[i].Data), $"block {i} through the cache");
        }
    }

    private static void Guard(System.Collections.Concurrent.ConcurrentQueue<string> errors, Action work)
    {
        try
        {
            work();
        }
        catch (Exception e)
        {
            errors.Enqueue(e.ToString());
        }
    }
}

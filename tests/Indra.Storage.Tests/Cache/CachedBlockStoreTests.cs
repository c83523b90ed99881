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
}

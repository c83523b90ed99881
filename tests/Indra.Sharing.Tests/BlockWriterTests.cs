using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.Sync;

namespace Indra.Sharing.Tests;

/// <summary>The writer threads of a fetch: every handed-over block lands in the real file store, and a failed write is not lost.</summary>
[TestFixture]
public sealed class BlockWriterTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Path.Combine(Path.GetTempPath(), "indra-block-writer-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task EveryBlockHandedOver_IsStoredOnceCompleteReturns_ThroughAQueueSmallerThanTheBlocks()
    {
        using var store = ContentBlocks.OpenDirectory(_root);
        // 64 blocks of 1 MiB through a queue of 32 MiB: the fetchers must wait for the writers part of the time.
        var writer = new BlockWriter(store, 1 << 20);
        var blocks = Enumerable.Range(0, 64).Select(Block).ToList();
        await Parallel.ForEachAsync(blocks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (block, cancel) =>
        {
            await writer.WriteAsync(block.Hash, Rented(block.Data), block.Data.Length, cancel);
        });
        await writer.CompleteAsync();

        var read = new byte[1 << 20];
        foreach (var (hash, data) in blocks)
        {
            Assert.That(store.Read(hash, 0, read), Is.EqualTo(data.Length));
            Assert.That(read, Is.EqualTo(data), $"block {hash}");
        }
    }

    [Test]
    public async Task AFailedWrite_IsThrownToTheNextHandOverAndByComplete()
    {
        using var store = ContentBlocks.OpenDirectory(_root);
        // The store writes each block under tmp/ first: without that folder every write fails.
        Directory.Delete(Path.Combine(_root, "tmp"), recursive: true);
        var writer = new BlockWriter(store, 1 << 20);
        var (hash, data) = Block(1);
        await writer.WriteAsync(hash, Rented(data), data.Length, CancellationToken.None);

        Assert.ThrowsAsync(Is.InstanceOf<IOException>(), () => writer.CompleteAsync());
        Assert.That(store.Contains(hash), Is.False);
        var (later, laterData) = Block(2);
        Assert.ThrowsAsync(Is.InstanceOf<IOException>(), async () => await writer.WriteAsync(later, Rented(laterData), laterData.Length, CancellationToken.None),
            "a block handed over after the failure is refused");
    }

    [Test]
    public async Task AnAbandonedFetch_StopsTheWritesAndThrowsNothing()
    {
        using var store = ContentBlocks.OpenDirectory(_root);
        var writer = new BlockWriter(store, 1 << 20);
        var (hash, data) = Block(3);
        await writer.WriteAsync(hash, Rented(data), data.Length, CancellationToken.None);
        await writer.AbandonAsync();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await writer.WriteAsync(hash, Rented(data), data.Length, CancellationToken.None));
    }

    private static BlockBuffer Rented(byte[] data)
    {
        var buffer = BlockBuffer.Rent(data.Length);
        data.CopyTo(buffer.Memory);
        return buffer;
    }

    private static (BlockHash Hash, byte[] Data) Block(int seed)
    {
        var data = new byte[1 << 20];
        new Random(seed).NextBytes(data);
        return (new BlockHash(Blake3.Hash(data)), data);
    }
}

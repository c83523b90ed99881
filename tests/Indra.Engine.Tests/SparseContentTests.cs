using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Tests;

/// <summary>Sparse versions: holes store nothing, read as zeros, and the id stays the plain BLAKE3 of every byte.</summary>
public sealed class SparseContentTests
{
    private const int BlockSize = 1024;

    /// <summary>A file of <paramref name="size"/> bytes whose blocks at <paramref name="written"/> hold random bytes, the rest holes.</summary>
    private static (PendingLeaf Pending, byte[] Dense) BuildSparse(Vault vault, long size, params long[] written)
    {
        var dense = new byte[size];
        foreach (var index in written)
        {
            var length = (int)Math.Min(BlockSize, size - index * BlockSize);
            RandomNumberGenerator.Fill(dense.AsSpan((int)(index * BlockSize), length));
        }
        var pending = vault.Content.Build(LeafVersion.Empty, size, written.ToHashSet(),
            (index, buffer) => dense.AsSpan((int)(index * BlockSize), buffer.Length).CopyTo(buffer), durable: false);
        return (pending, dense);
    }

    [TestCase(5000, new long[] { })]
    [TestCase(BlockSize, new long[] { })]
    [TestCase(700, new long[] { })]
    [TestCase(10 * BlockSize, new long[] { 3 })]
    [TestCase(10 * BlockSize + 5, new long[] { 10 })]
    [TestCase(10 * BlockSize + 5, new long[] { 0, 9 })]
    [TestCase(64 * BlockSize + 1, new long[] { 1, 2, 63 })]
    [TestCase(1000 * BlockSize + 999, new long[] { 999, 1000 })]
    [TestCase(4096 * BlockSize, new long[] { 17, 2048 })]
    public void HolesStoreNothingReadAsZerosAndTheIdIsTheBlake3OfEveryByte(long size, long[] written)
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var (pending, dense) = BuildSparse(vault, size, written);
        using (pending)
        {
            Assert.That(pending.IdPending, Is.False);
            Assert.That(pending.Version.Id, Is.EqualTo(Blake3.Hash(dense)), "the id hashes the holes' zeros too");
            Assert.That(pending.Version.Blocks.Select(b => b.Index), Is.EqualTo(written), "only written blocks are stored");
            Assert.That(pending.Version.StoredBytes, Is.EqualTo(written.Sum(i => Math.Min(BlockSize, size - i * BlockSize))));
            var back = new byte[size];
            Assert.That(vault.Content.Read(pending.Version, 0, back), Is.EqualTo(size));
            Assert.That(back, Is.EqualTo(dense));
        }
    }

    [Test]
    public void AnEditOfASparseFileReusesItsBlocksAndKeepsItsHoles()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var (first, dense) = BuildSparse(vault, 300 * BlockSize + 10, 5, 100, 300);
        using (first)
        {
            RandomNumberGenerator.Fill(dense.AsSpan(200 * BlockSize, BlockSize));
            var hashedBefore = vault.Counters.BytesHashed;
            using var second = vault.Content.Build(first.Version, dense.Length, new HashSet<long> { 200 },
                (index, buffer) => dense.AsSpan((int)(index * BlockSize), buffer.Length).CopyTo(buffer), durable: false);
            Assert.That(second.Version.Id, Is.EqualTo(Blake3.Hash(dense)));
            Assert.That(second.Version.Blocks.Select(b => b.Index), Is.EqualTo(new long[] { 5, 100, 200, 300 }));
            Assert.That(vault.Counters.BytesHashed - hashedBefore, Is.LessThan(300L * BlockSize + 3 * BlockSize),
                "the edited block, its chaining value, the tail and the holes (not cached below 256 MiB)");
        }
    }

    [Test]
    public void TruncatedBaseBlocksAndPunchedBlocksBecomeHoles()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(20 * BlockSize);
        using var first = vault.Content.Build(data, durable: false);
        var holes = new HashSet<long> { 3, 4, 5 };
        using var second = vault.Content.Build(first.Version, data.Length, new HashSet<long>(), (_, _) => Assert.Fail("nothing changed"), durable: false,
            isHole: holes.Contains);
        var expected = (byte[])data.Clone();
        expected.AsSpan(3 * BlockSize, 3 * BlockSize).Clear();
        Assert.That(second.Version.Id, Is.EqualTo(Blake3.Hash(expected)));
        Assert.That(second.Version.Blocks, Has.Count.EqualTo(17));
        Assert.That(second.Version.TryGetBlock(4, out _), Is.False);
        Assert.That(second.Version.PositionAtOrAfter(3), Is.EqualTo(3), "the first stored block at or after a hole is block 6, at position 3");
    }

    [Test]
    public void AHoleLargerThanTheDeferredLimitGetsAProvisionalIdResolvedToTheRealOne()
    {
        const int blockSize = 1 << 20;
        using var vault = Vault.CreateInMemory(blockSize);
        var size = ContentStore.DeferredHoleBytes + (3L * blockSize) + 7;
        var tail = RandomNumberGenerator.GetBytes(7);
        var lastIndex = size / blockSize;
        using var pending = vault.Content.Build(LeafVersion.Empty, size, new HashSet<long> { lastIndex }, (_, buffer) => tail.CopyTo(buffer), durable: false);
        Assert.That(pending.IdPending, Is.True, "the writer is not kept waiting for 64 MiB of holes");
        Assert.That(vault.Content.IsProvisional(pending.Version.Id), Is.True);
        var hasher = new Blake3Hasher();
        var zeros = new byte[blockSize];
        for (long i = 0; i < lastIndex; i++) hasher.Update(zeros);
        hasher.Update(tail);
        Assert.That(vault.Content.ResolveId(pending.Version, CancellationToken.None), Is.EqualTo(hasher.Finalize()));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var again = new LeafVersion(pending.Version.Id, size + (512L << 20), pending.Version.Blocks.Select(b => b with { Index = b.Index + 512 }).ToList());
        Assert.Throws<OperationCanceledException>(() => vault.Content.ResolveId(again, cancelled.Token), "a hole not hashed yet honours cancellation");
    }

    [TestCase(0, 13)]
    [TestCase(4, 4)]
    [TestCase(6, 100)]
    [TestCase(1023, 1025)]
    public void SplitCoversARangeWithAlignedPowerOfTwoRuns(long first, long count)
    {
        var pieces = new List<(long, long)>();
        ZeroSubtrees.Split(first, count, (start, blocks) => pieces.Add((start, blocks)));
        var next = first;
        foreach (var (start, blocks) in pieces)
        {
            Assert.That(start, Is.EqualTo(next));
            Assert.That(long.IsPow2(blocks) && start % blocks == 0, Is.True, $"({start}, {blocks}) is aligned");
            next += blocks;
        }
        Assert.That(next, Is.EqualTo(first + count));
    }
}

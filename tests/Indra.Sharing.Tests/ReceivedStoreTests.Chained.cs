using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.State;
using Indra.Sharing.Sync;

namespace Indra.Sharing.Tests;

/// <summary>
/// A received file is checked against its id from its blocks' chaining values: the values the receipt check computed
/// stand in for rereading the blocks, and the result is the file's plain BLAKE3 (what <c>b3sum</c> prints) or a refusal.
/// </summary>
public sealed partial class ReceivedStoreTests
{
    [TestCase(1024, 2, 0)]
    [TestCase(1024, 3, 1)]
    [TestCase(4096, 5, 4095)]
    [TestCase(4096, 8, 0)]
    [TestCase(65536, 7, 12345)]
    public void AFileNamedAsAVaultNamesIt_IsCheckedFromItsChainingValues_WithOrWithoutTheReceiptsValues(int blockSize, int fullBlocks, int tail)
    {
        var content = Content(blockSize * fullBlocks + tail, blockSize + tail);
        var (blocks, checkedNow) = Received(content, blockSize);

        Assert.That(new LeafVerifier().Verify(Bob, _store.For(Bob), Entry(Blake3.Hash(content), blocks), checkedNow), Is.True, "with the receipt's chaining values");
        Assert.That(new LeafVerifier().Verify(Bob, _store.For(Bob), Entry(Blake3.Hash(content), blocks)), Is.True, "from the stored bytes alone");
        Assert.That(checkedNow, Has.Count.EqualTo(fullBlocks), "every whole block gave its chaining value on receipt");
    }

    [Test]
    public void AWrongIdIsRefused_EvenWhenEveryBlockMatchedItsName()
    {
        var content = Content(4096 * 4 + 100, 7);
        var (blocks, checkedNow) = Received(content, 4096);
        var other = (byte[])content.Clone();
        other[^1] ^= 1;

        Assert.Throws<PeerProtocolException>(() => new LeafVerifier().Verify(Bob, _store.For(Bob), Entry(Blake3.Hash(other), blocks), checkedNow));
        Assert.Throws<PeerProtocolException>(() => new LeafVerifier().Verify(Bob, _store.For(Bob), Entry(Blake3.Hash(other), blocks)));
    }

    [Test]
    public void BlocksListedInAnotherOrder_AreRefused()
    {
        var content = Content(4096 * 4, 11);
        var (blocks, checkedNow) = Received(content, 4096);
        var swapped = blocks.ToList();
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);

        Assert.Throws<PeerProtocolException>(() => new LeafVerifier().Verify(Bob, _store.For(Bob), Entry(Blake3.Hash(content), swapped), checkedNow));
    }

    [Test]
    public void TheReceiptCheckGivesTheChainingValueAtTheBlocksPosition_ForEitherNamingRule()
    {
        var block = Content(4096, 3);
        var positional = BlockKeys.Positional(Blake3Subtree.ComputeChainingValue(block, 8));
        var plain = new BlockHash(Blake3.Hash(block));

        Assert.That(BlockKeys.Matches(positional, block, 8 * 1024, 1 << 20, out var cv1), Is.True);
        Assert.That(cv1, Is.EqualTo(Blake3Subtree.ComputeChainingValue(block, 8)));
        Assert.That(BlockKeys.Matches(plain, block, 8 * 1024, 1 << 20, out var cv2), Is.True, "a block of an older vault, named by its plain hash");
        Assert.That(cv2, Is.EqualTo(Blake3Subtree.ComputeChainingValue(block, 8)));
        Assert.That(BlockKeys.Matches(plain, block, 0, 1 << 20, out var cv3), Is.True, "the first block");
        Assert.That(cv3, Is.EqualTo(Blake3Subtree.ComputeChainingValue(block, 0)));
        Assert.That(BlockKeys.Matches(plain, block, 0, 4096, out var cv4), Is.True, "a one-block file");
        Assert.That(cv4, Is.Null, "a whole file has no chaining value below its root");
        Assert.That(BlockKeys.Matches(positional, block, 4 * 1024, 1 << 20, out var cv5), Is.False, "the positional name at another position");
        Assert.That(cv5, Is.Null);
    }

    /// <summary>Stores <paramref name="content"/> for bob as a vault of <paramref name="blockSize"/> names it, checking each block as a fetch does.</summary>
    private (List<(BlockHash Hash, int Size)> Blocks, Dictionary<(BlockHash, long), ChainingValue> CheckedNow) Received(byte[] content, int blockSize)
    {
        var blocks = new List<(BlockHash Hash, int Size)>();
        var checkedNow = new Dictionary<(BlockHash, long), ChainingValue>();
        for (long offset = 0; offset < content.Length; offset += blockSize)
        {
            var bytes = content.AsSpan((int)offset, (int)Math.Min(blockSize, content.Length - offset));
            var name = offset > 0 && bytes.Length == blockSize ? BlockKeys.Positional(Blake3Subtree.ComputeChainingValue(bytes, (ulong)offset / 1024)) : new BlockHash(Blake3.Hash(bytes));
            Assert.That(BlockKeys.Matches(name, bytes, offset, content.Length, out var cv), Is.True);
            if (cv is { } value) checkedNow[(name, offset)] = value;
            _store.For(Bob).Put(name, bytes, durable: false);
            blocks.Add((name, bytes.Length));
        }
        return (blocks, checkedNow);
    }

    private static byte[] Content(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static ReceivedEntry Entry(Blake3Hash id, IReadOnlyList<(BlockHash Hash, int Size)> blocks) =>
        new(Bob, "0a", "f.bin", false, blocks.Sum(b => (long)b.Size), id, 0, AccessMode.Revocable, 0, Bob, blocks.Select(b => new BlockRef(b.Hash, b.Size)).ToList(), [], false);
}

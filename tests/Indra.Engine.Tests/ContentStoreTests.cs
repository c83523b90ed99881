using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Tests;

public sealed class ContentStoreTests
{
    private const int BlockSize = 1024;

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1024)]
    [TestCase(1025)]
    [TestCase(2048)]
    [TestCase(5000)]
    [TestCase(64 * 1024 + 17)]
    public void LeafIdIsThePlainBlake3OfTheBytes(int size)
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(size);
        using var pending = vault.Content.Build(data, durable: false);
        Assert.That(pending.Version.Id, Is.EqualTo(Blake3.Hash(data)));
        var back = new byte[size];
        Assert.That(vault.Content.Read(pending.Version, 0, back), Is.EqualTo(size));
        Assert.That(back, Is.EqualTo(data));
    }

    [Test]
    public void AnEditRehashesOnlyTheBlockItTouchedPlusTheTail()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(100 * BlockSize + 300);
        using var first = vault.Content.Build(data, durable: false);
        vault.Metadata.AcquireLeaf(first.Version.Id, first.Version.Size, BlockSize, first.Version.Blocks);
        var hashedBefore = vault.Counters.BytesHashed;
        var storedBefore = vault.Counters.BytesStored;

        data[50 * BlockSize + 10] ^= 0xFF;
        using var second = vault.Content.Build(first.Version, data.Length, new HashSet<long> { 50 }, (index, buffer) => data.AsSpan((int)(index * BlockSize), buffer.Length).CopyTo(buffer), durable: false);

        Assert.That(second.Version.Id, Is.EqualTo(Blake3.Hash(data)));
        Assert.That(vault.Counters.BytesHashed - hashedBefore, Is.EqualTo(BlockSize), "one pass over one block: its chaining value, which names it too");
        Assert.That(vault.Counters.BytesStored - storedBefore, Is.EqualTo(BlockSize), "one new block stored");
    }

    [Test]
    public void IdenticalBlocksAreStoredOnce()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var block = RandomNumberGenerator.GetBytes(BlockSize);
        var data = block.Concat(block).Concat(block).ToArray();
        using var pending = vault.Content.Build(data, durable: false);
        // Full blocks past the first are named at their position (docs/blocks.md): equal bytes at three offsets are three blocks.
        Assert.That(vault.Counters.BlocksStored, Is.EqualTo(3));
        Assert.That(pending.Version.Id, Is.EqualTo(Blake3.Hash(data)));
        using var again = vault.Content.Build(data, durable: false);
        Assert.That(vault.Counters.BlocksStored, Is.EqualTo(3), "an identical file stores nothing");
    }

    [Test]
    public void ReleasingTheLastReferenceFreesUnsharedBlocksOnly()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var shared = RandomNumberGenerator.GetBytes(BlockSize);
        var a = shared.Concat(RandomNumberGenerator.GetBytes(BlockSize)).ToArray();
        var b = shared.Concat(RandomNumberGenerator.GetBytes(BlockSize)).ToArray();
        using var pa = vault.Content.Build(a, false);
        using var pb = vault.Content.Build(b, false);
        vault.Metadata.InTransaction(() =>
        {
            vault.Metadata.AcquireLeaf(pa.Version.Id, a.Length, BlockSize, pa.Version.Blocks);
            vault.Metadata.AcquireLeaf(pb.Version.Id, b.Length, BlockSize, pb.Version.Blocks);
        });
        Assert.That(vault.Metadata.BlockReferenceCount(pa.Version.Blocks[0].Hash.Hash), Is.EqualTo(2));
        var dead = vault.Metadata.InTransaction(() => vault.Metadata.ReleaseLeaf(pa.Version.Id));
        Assert.That(dead, Is.EqualTo(new[] { pa.Version.Blocks[1].Hash.Hash }));
        Assert.That(vault.Metadata.BlockReferenceCount(pa.Version.Blocks[0].Hash.Hash), Is.EqualTo(1));
    }
}

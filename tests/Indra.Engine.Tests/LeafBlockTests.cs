using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Tests;

/// <summary>
/// The engine's <see cref="LeafBlock"/>: blocks of a built version are named by their bytes (<see cref="BlockKeys"/>), survive the round trip through the metadata store's rows unchanged, and are found in the vault's
/// <see cref="ContentBlocks"/> under that name.
/// </summary>
public sealed class LeafBlockTests
{
    private const int BlockSize = 4096;

    [Test]
    public void ABuiltVersionNamesEachBlockByTheHashOfItsBytes()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes((2 * BlockSize) + 100);
        using var pending = vault.Content.Build(data, durable: false);
        var blocks = pending.Version.Blocks;
        Assert.That(blocks.Select(b => (b.Index, b.Size)), Is.EqualTo(new[] { (0L, BlockSize), (1L, BlockSize), (2L, 100) }));
        for (var i = 0; i < blocks.Count; i++)
        {
            var bytes = data.AsSpan(i * BlockSize, blocks[i].Size);
            Assert.That(BlockKeys.Matches(blocks[i], bytes, BlockSize), Is.True, $"block {i} is named by its bytes (docs/blocks.md)");
            Assert.That(vault.ContentBlocks.Contains(blocks[i].Hash), Is.True, $"block {i} is stored under its hash");
        }
        Assert.That(blocks[0].ChainingValue, Is.Not.Null, "full blocks of a multi-block file keep their chaining value");
        Assert.That(blocks[2].ChainingValue, Is.Null, "the last block has none");
    }

    [Test]
    public void BlocksReadBackFromTheStoreEqualThoseBuilt()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes((3 * BlockSize) + 1);
        using var pending = vault.Content.Build(data, durable: false);
        vault.Tree.InTransaction(() => vault.Metadata.AcquireLeaf(pending.Version.Id, data.Length, BlockSize, pending.Version.Blocks));

        var loaded = vault.Content.Load(pending.Version.Id, data.Length);
        Assert.That(loaded.Blocks, Is.EqualTo(pending.Version.Blocks));
        var back = new byte[data.Length];
        Assert.That(vault.Content.Read(loaded, 0, back), Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
    }

    [Test]
    public void SharingABlockAtAnotherPositionDropsItsChainingValueAndKeepsItsHash()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        using var pending = vault.Content.Build(RandomNumberGenerator.GetBytes(2 * BlockSize), durable: false);
        var first = pending.Version.Blocks[0];
        var moved = vault.Content.Share(first, 5);
        var same = vault.Content.Share(first, 0);
        vault.Content.ReleaseBlocks([moved, same]);
        Assert.That((moved.Index, moved.Hash, moved.Size, moved.ChainingValue), Is.EqualTo((5L, first.Hash, first.Size, (ChainingValue?)null)));
        Assert.That(same, Is.EqualTo(first));
    }

    [Test]
    public void AMissingBlockIsReportedByItsBlockHash()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(BlockSize + 10);
        using var pending = vault.Content.Build(data, durable: false);
        var lost = pending.Version.Blocks[1];
        vault.Blocks.Delete(lost.Hash.Hash);

        var missing = Assert.Throws<MissingBlockException>(() => vault.Content.Read(pending.Version, BlockSize, new byte[10]));
        Assert.That(missing.Hash, Is.EqualTo(lost.Hash));
        Assert.That(vault.Content.Read(pending.Version, 0, new byte[BlockSize]), Is.EqualTo(BlockSize), "the other block still reads");
    }
}

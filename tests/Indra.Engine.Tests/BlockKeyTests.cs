using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Maintenance;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;

namespace Indra.Engine.Tests;

/// <summary>
/// Block names (docs/blocks.md): full blocks past the first are named by their chaining value at their position, so a
/// save hashes each byte once; blocks named by the plain hash (written by schema 3) stay readable and checkable.
/// </summary>
public sealed class BlockKeyTests
{
    private const int BlockSize = 4096;
    private const uint FileMode = 0x1A4; // 0644

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(9)]
    public void ASaveOfWholeBlocksHashesEachByteOnce(int blocks)
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(blocks * BlockSize);
        var before = vault.Counters.BytesHashed;
        using var pending = vault.Content.Build(data, durable: false);
        Assert.That(vault.Counters.BytesHashed - before, Is.EqualTo(data.Length), "bytes hashed per byte saved");
        Assert.That(pending.Version.Id, Is.EqualTo(Blake3.Hash(data)));
        Assert.That(Read(vault, pending.Version), Is.EqualTo(data));
    }

    [Test]
    public void TheFirstBlockIsNamedByItsHashAndTheOthersByTheirChainingValue()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(3 * BlockSize + 100);
        using var pending = vault.Content.Build(data, durable: false);
        var blocks = pending.Version.Blocks;
        Assert.That(blocks[0].Hash.Hash, Is.EqualTo(Blake3.Hash(data.AsSpan(0, BlockSize))), "block 0: plain hash");
        Assert.That(blocks[0].ChainingValue, Is.EqualTo(Blake3Subtree.ComputeChainingValue(data.AsSpan(0, BlockSize), 0)));
        for (var i = 1; i < 3; i++)
        {
            var cv = Blake3Subtree.ComputeChainingValue(data.AsSpan(i * BlockSize, BlockSize), (ulong)(i * BlockSize / 1024));
            Assert.That(blocks[i].Hash.Hash.AsSpan().ToArray(), Is.EqualTo(cv.ToArray()), $"block {i}: its chaining value");
            Assert.That(BlockKeys.IsPositional(blocks[i]), Is.True);
        }
        Assert.That(blocks[3].Hash.Hash, Is.EqualTo(Blake3.Hash(data.AsSpan(3 * BlockSize))), "the tail: plain hash");
        Assert.That(BlockKeys.IsPositional(blocks[0]) || BlockKeys.IsPositional(blocks[3]), Is.False);
    }

    [Test]
    public void IdenticalFilesAndAppendsShareBlocksButEqualBytesAtAnotherOffsetDoNot()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var block = RandomNumberGenerator.GetBytes(BlockSize);
        var data = block.Concat(block).Concat(block).ToArray();
        using var first = vault.Content.Build(data, durable: false);
        Assert.That(first.Version.Blocks.Select(b => b.Hash).Distinct().Count(), Is.EqualTo(3), "equal bytes at three offsets: three names");
        var stored = vault.Counters.BlocksStored;
        using var again = vault.Content.Build(data, durable: false);
        Assert.That(vault.Counters.BlocksStored, Is.EqualTo(stored), "an identical file stores nothing");
        var appended = data.Concat(RandomNumberGenerator.GetBytes(BlockSize)).ToArray();
        using var grown = vault.Content.Build(first.Version, appended.Length, new HashSet<long> { 3 },
            (index, buffer) => appended.AsSpan((int)(index * BlockSize), buffer.Length).CopyTo(buffer), durable: false);
        Assert.That(vault.Counters.BlocksStored - stored, Is.EqualTo(1), "an append stores its new block only");
        Assert.That(grown.Version.Blocks.Take(3), Is.EqualTo(first.Version.Blocks.Take(3)));
        Assert.That(grown.Version.Id, Is.EqualTo(Blake3.Hash(appended)));
    }

    [Test]
    public void ABlockSharedAtAnotherPositionIsNamedAnewAndTheFileReadsBack()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(4 * BlockSize);
        using var source = vault.Content.Build(data, durable: false);
        // Blocks 1..3 of the source become blocks 0..2 of a copy shifted by one block (copy_file_range).
        var shared = new Dictionary<long, LeafBlock>();
        for (var i = 1; i < 4; i++) shared[i - 1] = vault.Content.Share(source.Version.Blocks[i], i - 1);
        var shifted = data.AsSpan(BlockSize).ToArray();
        using var copy = vault.Content.Build(LeafVersion.Empty, shifted.Length, new HashSet<long>(), (_, _) => throw new AssertionException("nothing to read"), durable: false, shared);
        vault.Content.ReleaseBlocks(shared.Values);
        Assert.That(copy.Version.Id, Is.EqualTo(Blake3.Hash(shifted)));
        Assert.That(copy.Version.Blocks[0].Hash.Hash, Is.EqualTo(Blake3.Hash(shifted.AsSpan(0, BlockSize))), "block 0 of the copy: plain hash");
        Assert.That(BlockKeys.IsPositional(copy.Version.Blocks[1]), Is.True);
        Assert.That(copy.Version.Blocks[1].Hash, Is.Not.EqualTo(source.Version.Blocks[2].Hash), "a new name at the new position");
        Assert.That(Read(vault, copy.Version), Is.EqualTo(shifted));
    }

    [Test]
    public void BlocksNamedByThePlainHashStillReadAndEditAndCheck()
    {
        using var vault = Vault.CreateInMemory(BlockSize);
        var data = RandomNumberGenerator.GetBytes(3 * BlockSize + 10);
        // A leaf as schema 3 wrote it: every block named by the plain hash, full blocks with their chaining values.
        var blocks = new List<LeafBlock>();
        for (var i = 0; i < 4; i++)
        {
            var bytes = data.AsSpan(i * BlockSize, Math.Min(BlockSize, data.Length - i * BlockSize));
            var hash = new BlockHash(Blake3.Hash(bytes));
            vault.ContentBlocks.Put(hash, bytes, durable: false);
            ChainingValue? cv = bytes.Length == BlockSize ? Blake3Subtree.ComputeChainingValue(bytes, (ulong)(i * BlockSize / 1024)) : null;
            blocks.Add(new LeafBlock(i, hash, bytes.Length, cv));
        }
        var old = new LeafVersion(Blake3.Hash(data), data.Length, blocks);
        Assert.That(blocks.Any(BlockKeys.IsPositional), Is.False);
        Assert.That(Read(vault, old), Is.EqualTo(data), "plain-named blocks read and verify");

        data[2 * BlockSize + 5] ^= 0x5A;
        using var edited = vault.Content.Build(old, data.Length, new HashSet<long> { 2 },
            (index, buffer) => data.AsSpan((int)(index * BlockSize), buffer.Length).CopyTo(buffer), durable: false);
        Assert.That(edited.Version.Id, Is.EqualTo(Blake3.Hash(data)));
        Assert.That(edited.Version.Blocks[1], Is.EqualTo(blocks[1]), "an untouched old block is kept under its old name");
        Assert.That(BlockKeys.IsPositional(edited.Version.Blocks[2]), Is.True, "the edited block gets a positional name");
        Assert.That(Read(vault, edited.Version), Is.EqualTo(data));
    }

    [Test]
    public void ACorruptPositionalBlockIsRefusedOnReadAndReportedByTheChecker()
    {
        var directory = Path.Combine(Path.GetTempPath(), "indra-keys-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var data = RandomNumberGenerator.GetBytes(3 * BlockSize);
            LeafVersion version;
            using (var vault = Vault.Create(directory, BlockSize))
            {
                var node = vault.Tree.CreateFile(vault.Tree.Root, "victim", vault.Content.Build(data, durable: false), FileMode, 0, 0)!;
                vault.Tree.Flush();
                version = vault.Content.Load(node.ArtifactId.Hash, data.Length);
                Assert.That(BlockKeys.IsPositional(version.Blocks[1]), Is.True);
                Assert.That(new VaultChecker(vault).Run(repair: false), Is.Empty, "positional blocks check clean");
                var damaged = data.AsSpan(BlockSize, BlockSize).ToArray();
                damaged[17] ^= 1;
                vault.ContentBlocks.Delete(version.Blocks[1].Hash);
                vault.ContentBlocks.Put(version.Blocks[1].Hash, damaged, durable: true);
            }
            using var reopened = Vault.Open(directory);
            var loaded = reopened.Content.Load(version.Id, data.Length);
            Assert.That(() => reopened.Content.Read(loaded, BlockSize, new byte[BlockSize]), Throws.InstanceOf<CorruptBlockException>(), "never served");
            Assert.That(reopened.Content.Read(loaded, 2 * BlockSize, new byte[BlockSize]), Is.EqualTo(BlockSize), "an intact positional block reads");
            var problems = new VaultChecker(reopened).Run(repair: false);
            Assert.That(problems.Select(p => p.Kind), Is.EqualTo(new[] { FsckProblemKind.CorruptBlock }));
            Assert.That(problems[0].Description, Does.Contain("victim"));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static byte[] Read(Vault vault, LeafVersion version)
    {
        var back = new byte[version.Size];
        Assert.That(vault.Content.Read(version, 0, back), Is.EqualTo(version.Size));
        return back;
    }
}

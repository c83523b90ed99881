using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;

namespace Indra.Engine.Tests;

/// <summary>
/// A read that asks for a whole block (a small file read in one request) is read and verified in the caller's buffer;
/// the open of a file starts loading its first block. Both must keep the verification and missing-block rules of
/// every other read.
/// </summary>
[TestFixture]
public sealed class WholeBlockReadTests
{
    private const uint FileMode = 0x1A4; // 0644

    [TestCase(4096, 3000)]     // a block kept in the database
    [TestCase(65536, 40000)]   // a block kept as a file
    public void ACorruptBlockReadWholeIsRefusedAndAnIntactOneServed(int blockSize, int size)
    {
        var directory = NewDirectory();
        try
        {
            var data = RandomNumberGenerator.GetBytes(size);
            var intact = RandomNumberGenerator.GetBytes(size);
            LeafVersion victim, other;
            using (var vault = Vault.Create(directory, blockSize))
            {
                victim = Store(vault, "victim", data);
                other = Store(vault, "other", intact);
                var damaged = data.ToArray();
                damaged[size / 2] ^= 1;
                vault.ContentBlocks.Delete(victim.Blocks[0].Hash);
                vault.ContentBlocks.Put(victim.Blocks[0].Hash, damaged, durable: true);
            }
            using var reopened = Vault.Open(directory);
            var exact = new byte[size];
            Assert.That(() => reopened.Content.Read(reopened.Content.Load(victim.Id, size), 0, exact), Throws.InstanceOf<CorruptBlockException>(), "never served, read whole");
            Assert.That(() => reopened.Content.Read(reopened.Content.Load(victim.Id, size), 0, new byte[size + 4096]), Throws.InstanceOf<CorruptBlockException>(), "never served, larger buffer");
            Assert.That(() => reopened.Content.Read(reopened.Content.Load(victim.Id, size), 10, new byte[100]), Throws.InstanceOf<CorruptBlockException>(), "never served, a slice");

            var back = new byte[size + 100];
            Assert.That(reopened.Content.Read(reopened.Content.Load(other.Id, size), 0, back), Is.EqualTo(size));
            Assert.That(back.AsSpan(0, size).SequenceEqual(intact), Is.True, "the whole block as stored");
            var slice = new byte[100];
            Assert.That(reopened.Content.Read(reopened.Content.Load(other.Id, size), 10, slice), Is.EqualTo(100));
            Assert.That(slice.AsSpan().SequenceEqual(intact.AsSpan(10, 100)), Is.True, "a slice once verified");
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void PrefetchingAMissingFirstBlockLeavesTheErrorToTheRead()
    {
        var directory = NewDirectory();
        try
        {
            var data = RandomNumberGenerator.GetBytes(40000);
            using var vault = Vault.Create(directory, 65536);
            var version = Store(vault, "gone", data);
            vault.ContentBlocks.Delete(version.Blocks[0].Hash);
            var loaded = vault.Content.Load(version.Id, data.Length);
            Assert.That(() => vault.Content.PrefetchFirstBlock(loaded), Throws.Nothing);
            Assert.That(() => vault.Content.Read(loaded, 0, new byte[data.Length]), Throws.InstanceOf<MissingBlockException>());
            Assert.That(() => vault.Content.PrefetchFirstBlock(LeafVersion.Empty), Throws.Nothing, "an empty file has no block");
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static LeafVersion Store(Vault vault, string name, byte[] data)
    {
        var node = vault.Tree.CreateFile(vault.Tree.Root, name, vault.Content.Build(data, durable: true), FileMode, 0, 0)!;
        vault.Tree.Flush();
        var version = vault.Content.Load(node.ArtifactId.Hash, data.Length);
        Assert.That(version.Blocks, Has.Count.EqualTo(1), "one block");
        return version;
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "indra-wholeblock-" + Guid.NewGuid().ToString("N")[..8]);
}

using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;

namespace Indra.Engine.Tests;

public sealed class VaultReaderTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-reader-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void AReaderBesideTheHolderSeesItsCommittedTreeAndCannotWrite()
    {
        using var vault = Vault.Create(_dir, blockSize: 1024);
        var docs = vault.Tree.CreateTree(vault.Tree.Root, "docs", TreeType.Collection, 0x1ED, 0, 0)!;
        vault.Tree.CreateFile(docs, "note.txt", vault.Content.Build("hello"u8, durable: false), 0x1A4, 0, 0);

        using var reader = VaultReader.Open(_dir);
        Assert.That(reader.Tree.Resolve("docs/note.txt")!.ArtifactId, Is.EqualTo(new ArtifactId(Blake3.Hash("hello"u8))));
        Assert.That(reader.CountNodes(), Is.EqualTo((1L, 2L)), "one leaf; /vault and docs");
        Assert.That(reader.BlockTotals(), Is.EqualTo((1L, 5L)));
        Assert.That(reader.Tree.CommittedContent(reader.Tree.Resolve("docs/note.txt")!)!.Blocks, Has.Count.EqualTo(1));
        Assert.Throws<InvalidOperationException>(() => reader.Tree.Release(reader.Tree.Resolve("docs/note.txt")!), "a read-only view releases nothing");

        vault.Tree.CreateFile(vault.Tree.Root, "later.txt", vault.Content.Build("later"u8, durable: false), 0x1A4, 0, 0);
        Assert.That(reader.Tree.Resolve("later.txt"), Is.Not.Null, "each read sees the latest commit");
    }

    [Test]
    public void NoVaultIsAClearError()
    {
        var error = Assert.Throws<VaultException>(() => VaultReader.Open(_dir));
        Assert.That(error!.Message, Does.Contain("no vault at"));
    }

    [Test]
    public void ContentBlocksNameBlocksByBlockHashAndReportAMissingOne()
    {
        using var blocks = ContentBlocks.OpenDirectory(_dir);
        var data = "block bytes"u8.ToArray();
        var hash = new BlockHash(Blake3.Hash(data));
        Assert.That(blocks.Put(hash, data, durable: true), Is.True);
        Assert.That(blocks.Contains(hash) && blocks.SizeOf(hash) == data.Length, Is.True);
        var back = new byte[data.Length];
        Assert.That(blocks.Read(hash, 0, back), Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
        Assert.That(blocks.Enumerate(), Is.EqualTo(new[] { hash }));
        blocks.Delete(hash);
        var missing = Assert.Throws<MissingBlockException>(() => blocks.Read(hash, 0, back));
        Assert.That(missing!.Hash, Is.EqualTo(hash));
    }

    [Test]
    public void ATimedGrantIsInForceUntilItsExpiryAndOthersAlways()
    {
        var bob = new PlayerId(Blake3.Hash("bob"u8));
        var end = new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero);
        var timed = new AccessGrant(5, bob, AccessMode.Timed, end);
        Assert.That(timed.IsInForceAt(end.AddTicks(-1)), Is.True);
        Assert.That(timed.IsInForceAt(end), Is.False);
        Assert.That(new AccessGrant(5, bob, AccessMode.Revocable, null).IsInForceAt(DateTimeOffset.MaxValue), Is.True);
        Assert.That(new AccessGrant(5, bob, AccessMode.Timed, null).IsInForceAt(DateTimeOffset.UnixEpoch), Is.False, "a timed grant without an expiry is never in force");
    }
}

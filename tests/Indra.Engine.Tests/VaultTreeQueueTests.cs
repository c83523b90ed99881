using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;

namespace Indra.Engine.Tests;

/// <summary>
/// The vault tree's queued writes as the filesystem layer uses them: owned by a node, a failed batch reported to that
/// node once (the next fsync or close answers it), and new leaf nodes inserted with their content.
/// </summary>
public sealed class VaultTreeQueueTests
{
    private const uint FileMode = 0x1A4; // 0644
    private const int LinuxEnospc = 28;
    private Vault _vault = null!;

    private VaultTree Tree => _vault.Tree;

    [SetUp]
    public void OpenVault() => _vault = Vault.CreateInMemory(1024);

    [TearDown]
    public void CloseVault() => _vault.Dispose();

    /// <summary>Queued work of <paramref name="owner"/> that fails once with <paramref name="failure"/>, then stores an xattr on the root.</summary>
    private void DeferFailingOnce(long owner, Exception failure, string xattr)
    {
        var attempts = 0;
        Tree.Defer(owner, () =>
        {
            if (Interlocked.Increment(ref attempts) == 1) throw failure;
            Tree.SetXattr(VaultTree.RootInode, xattr, [1]);
        });
    }

    [Test]
    public void AFailedBatchIsReportedToItsOwnerOnceAndLandsWhenRetried()
    {
        DeferFailingOnce(42, new IOException("the device is busy"), "user.retried");
        Tree.Flush();

        var failure = Tree.TakeFailure(42);
        Assert.That(failure, Is.Not.Null);
        Assert.That(failure!.DiskFull, Is.False);
        Assert.That(failure.Message, Does.Contain("the device is busy"));
        Assert.That(Tree.TakeFailure(42), Is.Null, "reported once");
        Assert.That(Tree.TakeFailure(43), Is.Null, "another node's writes did not fail");

        Tree.Flush();
        Assert.That(Tree.GetXattr(VaultTree.RootInode, "user.retried"), Is.EqualTo(new byte[] { 1 }));
    }

    [Test]
    public void AFullDiskIsReportedAsSuch()
    {
        DeferFailingOnce(7, new IOException("no space left on device", LinuxEnospc), "user.full");
        Tree.Flush();

        Assert.That(Tree.TakeFailure(7)?.DiskFull, Is.True);
    }

    [Test]
    public void AQueuedSaveIsOwnedByItsNode()
    {
        var file = Tree.CreateFile(Tree.Root, "a.txt", _vault.Content.Build("one"u8, durable: false), FileMode, 0, 0)!;
        // A write queued before the save fails its batch: the save lands with it or not at all, and its node hears of it.
        DeferFailingOnce(0, new IOException("the journal could not grow"), "user.before");
        var saved = Tree.SaveLeaf(file, _vault.Content.Build("two"u8, durable: false), durable: false);
        Tree.Flush();

        Assert.That(Tree.TakeFailure(file.Inode), Is.Not.Null);
        Tree.Flush();
        var stored = Tree.GetNode(file.Inode)!;
        Assert.That(stored.ArtifactId, Is.EqualTo(saved.ArtifactId));
        var content = Tree.CommittedContent(stored)!;
        var bytes = new byte[content.Size];
        _vault.Content.Read(content, 0, bytes);
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("two"));
    }

    [Test]
    public void AnInsertedLeafHoldsItsContent()
    {
        using var pending = _vault.Content.Build("a symlink target"u8, durable: false);
        var version = pending.Version;
        var node = new VaultNode { Kind = NodeKind.Symlink, Mode = 0x1FF, LinkCount = 1, Size = version.Size, ArtifactId = new ArtifactId(version.Id), TypeTag = nameof(LeafType.Symlink) };
        var inode = Tree.InsertLeaf(node, version);
        Tree.AddReference(Tree.Root, "link", inode, _vault.ClockNs());

        var found = Tree.Lookup(VaultTree.RootInode, "link")!;
        Assert.That(found.Node.Kind, Is.EqualTo(NodeKind.Symlink));
        Assert.That(Tree.CommittedContent(found.Node)?.Blocks, Is.EqualTo(version.Blocks));
    }

    [Test]
    public void ALeafNodeMustNameItsContent()
    {
        using var pending = _vault.Content.Build("content"u8, durable: false);
        var node = new VaultNode { Kind = NodeKind.File, LinkCount = 1, ArtifactId = VaultTree.NewTreeId() };

        Assert.That(() => Tree.InsertLeaf(node, pending.Version), Throws.ArgumentException);
        Assert.That(() => Tree.InsertLeaf(new VaultNode { Kind = NodeKind.Directory }, pending.Version), Throws.ArgumentException);
    }
}

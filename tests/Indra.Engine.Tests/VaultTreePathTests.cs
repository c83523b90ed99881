using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;

namespace Indra.Engine.Tests;

/// <summary>
/// A node's current path (<see cref="VaultTree.PathOf"/>) follows renames and ends with the node, and the metadata
/// change stamp (<see cref="VaultTree.ChangeStamp"/>) moves with every write and only then: what sharing binds grants
/// to and keys its manifests by.
/// </summary>
[TestFixture]
public sealed class VaultTreePathTests
{
    private string _dir = null!;
    private Vault _vault = null!;

    private VaultTree Tree => _vault.Tree;

    [SetUp]
    public void OpenVault()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-path-" + Guid.NewGuid().ToString("N")[..8]);
        _vault = Vault.Create(_dir, blockSize: 1024);
    }

    [TearDown]
    public void CloseVault()
    {
        _vault.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private VaultNode File(VaultNode parent, string label, string text) =>
        Tree.CreateFile(parent, label, _vault.Content.Build(Encoding.UTF8.GetBytes(text), durable: false), 0x1A4, 0, 0) ?? throw new AssertionException($"{label} exists");

    private VaultNode Folder(VaultNode parent, string label) =>
        Tree.CreateTree(parent, label, TreeType.Collection, 0x1ED, 0, 0) ?? throw new AssertionException($"{label} exists");

    [Test]
    public void PathOfFollowsRenamesAndEndsWithTheNode()
    {
        var docs = Folder(Tree.Root, "docs");
        var file = File(docs, "a.txt", "alpha");
        Assert.That(Tree.PathOf(VaultTree.RootInode), Is.EqualTo(""));
        Assert.That(Tree.PathOf(file.Inode), Is.EqualTo("docs/a.txt"));

        var archive = Folder(Tree.Root, "archive");
        Tree.RenameReference(Tree.GetNode(docs.Inode)!, "a.txt", archive, "b.txt", Vault.NowNs());
        Assert.That(Tree.PathOf(file.Inode), Is.EqualTo("archive/b.txt"), "a moved file keeps its node and reports its new path");
        Tree.RenameReference(Tree.Root, "archive", Tree.GetNode(docs.Inode)!, "old", Vault.NowNs());
        Assert.That(Tree.PathOf(file.Inode), Is.EqualTo("docs/old/b.txt"), "a moved parent moves the path");

        Tree.RemoveReference(Tree.GetNode(Tree.Resolve("docs/old")!.Inode)!.Inode, "b.txt");
        Assert.That(Tree.GetNode(file.Inode), Is.Not.Null, "unlinked, not yet released");
        Assert.That(Tree.PathOf(file.Inode), Is.Null, "a node no reference names has no path");
        Tree.Release(Tree.GetNode(file.Inode)!);
        Assert.That(Tree.GetNode(file.Inode), Is.Null);

        var again = File(Tree.GetNode(docs.Inode)!, "a.txt", "a new file at the old path");
        Assert.That(again.Inode, Is.Not.EqualTo(file.Inode), "a new node at the same path is another node");
        Assert.That(Tree.PathOf(file.Inode), Is.Null);
        Assert.That(Tree.PathOf(again.Inode), Is.EqualTo("docs/a.txt"));
    }

    [Test]
    public void PathOfAHardLinkedFileIsItsFirstReference()
    {
        var b = Folder(Tree.Root, "b");
        var a = Folder(Tree.Root, "a");
        var file = File(b, "one", "linked");
        Tree.AddReference(a, "two", file.Inode, Vault.NowNs());
        Assert.That(Tree.ReferencesTo(file.Inode), Has.Count.EqualTo(2));
        Assert.That(Tree.PathOf(file.Inode), Is.EqualTo("b/one"), "the reference in the lower-numbered tree (b was made first)");
        Tree.RemoveReference(b.Inode, "one");
        Assert.That(Tree.PathOf(file.Inode), Is.EqualTo("a/two"));
    }

    [Test]
    public void ChangeStampMovesWithWritesOnly()
    {
        var file = File(Tree.Root, "s.txt", "stamp");
        Tree.Flush();
        var before = Tree.ChangeStamp();
        Assert.That(Tree.Resolve("s.txt"), Is.Not.Null);
        Assert.That(Tree.List(VaultTree.RootInode), Has.Count.EqualTo(1));
        Assert.That(Tree.ChangeStamp(), Is.EqualTo(before), "reads change nothing");
        Tree.RenameReference(Tree.Root, "s.txt", Tree.Root, "t.txt", Vault.NowNs());
        Assert.That(Tree.ChangeStamp(), Is.Not.EqualTo(before), "a rename moves it");
        var after = Tree.ChangeStamp();
        Assert.That(Tree.PathOf(file.Inode), Is.EqualTo("t.txt"));
        Assert.That(Tree.ChangeStamp(), Is.EqualTo(after));
    }
}

using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;

namespace Indra.Engine.Tests;

/// <summary>The engine's tree operations on a real SQLite file vault and on an in-memory one.</summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class VaultTreeTests
{
    private const uint FileMode = 0x1A4; // 0644
    private const uint TreeMode = 0x1ED; // 0755
    private readonly bool _onDisk;
    private string _dir = null!;
    private Vault _vault = null!;

    public VaultTreeTests(bool onDisk) => _onDisk = onDisk;

    private VaultTree Tree => _vault.Tree;

    [SetUp]
    public void OpenVault()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-tree-" + Guid.NewGuid().ToString("N")[..8]);
        _vault = _onDisk ? Vault.Create(_dir, blockSize: 1024) : Vault.CreateInMemory(1024);
    }

    [TearDown]
    public void CloseVault()
    {
        _vault.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private VaultNode File(VaultNode parent, string label, string text) =>
        Tree.CreateFile(parent, label, _vault.Content.Build(Encoding.UTF8.GetBytes(text), durable: false), FileMode, 0, 0)
        ?? throw new AssertionException($"{label} exists");

    private VaultNode Folder(VaultNode parent, string label) =>
        Tree.CreateTree(parent, label, TreeType.Collection, TreeMode, 0, 0) ?? throw new AssertionException($"{label} exists");

    private List<string> Labels(long tree) => Tree.List(tree).Select(e => e.Label).ToList();

    /// <summary>Reopens a file vault (everything committed must come back); an in-memory one stays.</summary>
    private void Reopen()
    {
        Tree.Flush();
        if (!_onDisk) return;
        _vault.Dispose();
        _vault = Vault.Open(_dir);
    }

    [Test]
    public void AddedReferencesListInTheOrderTheyWereAddedAndResolve()
    {
        var root = Tree.Root;
        var docs = Folder(root, "docs");
        File(docs, "b.txt", "bee");
        File(docs, "a.txt", "ay");
        File(root, "top.txt", "top");
        Reopen();

        Assert.That(Labels(VaultTree.RootInode), Is.EqualTo(new[] { "docs", "top.txt" }));
        Assert.That(Labels(docs.Inode), Is.EqualTo(new[] { "b.txt", "a.txt" }), "listing order is position, not name");
        var a = Tree.Resolve("docs/a.txt");
        Assert.That(a, Is.Not.Null);
        Assert.That(a!.ArtifactId, Is.EqualTo(new ArtifactId(Blake3.Hash("ay"u8))));
        Assert.That(a.Kind, Is.EqualTo(NodeKind.File));
        Assert.That(Tree.Resolve("")!.Inode, Is.EqualTo(VaultTree.RootInode));
        Assert.That(Tree.Resolve("docs/missing"), Is.Null);
        Assert.That(Tree.Resolve("top.txt/below"), Is.Null, "a leaf has no entries");
        Assert.That(Tree.GetNode(VaultTree.RootInode)!.LinkCount, Is.EqualTo(3u), "2 + one subdirectory");
        Assert.That(Tree.CountNodes(), Is.EqualTo((3L, 2L)));
        Assert.That(Tree.CreateFile(Tree.Root, "top.txt", _vault.Content.Build("again"u8, durable: false), FileMode, 0, 0), Is.Null, "a taken label is refused");
    }

    [Test]
    public void LookupFindsALabelExactly()
    {
        var file = File(Tree.Root, "Name.txt", "x");
        Assert.That(Tree.Lookup(VaultTree.RootInode, "Name.txt")!.Node.Inode, Is.EqualTo(file.Inode));
        Assert.That(Tree.Lookup(VaultTree.RootInode, "name.txt"), Is.Null, "labels are case-sensitive");
        Assert.That(Tree.ReferencesTo(file.Inode).Single().Label, Is.EqualTo("Name.txt"));
    }

    [Test]
    public void ReplaceKeepsThePositionAndPointsTheLabelAtTheNewNode()
    {
        var first = File(Tree.Root, "one", "1");
        File(Tree.Root, "two", "2");
        var spare = File(Tree.Root, "spare", "3");
        var old = Tree.ReplaceReference(VaultTree.RootInode, "one", spare.Inode);
        Assert.That(old!.Value.Node, Is.EqualTo(first.Inode));
        Reopen();
        Assert.That(Labels(VaultTree.RootInode), Is.EqualTo(new[] { "one", "two", "spare" }));
        Assert.That(Tree.Lookup(VaultTree.RootInode, "one")!.Node.Inode, Is.EqualTo(spare.Inode));
        Assert.That(Tree.ReplaceReference(VaultTree.RootInode, "none", spare.Inode), Is.Null);
    }

    [Test]
    public void RemoveDropsTheReferenceAndReleaseFreesTheLeaf()
    {
        var file = File(Tree.Root, "gone.txt", "content that goes");
        Assert.That(_vault.Metadata.LeafReferenceCount(file.ArtifactId.Hash), Is.EqualTo(1));
        var removed = Tree.RemoveReference(VaultTree.RootInode, "gone.txt");
        Assert.That(removed!.Value.Node, Is.EqualTo(file.Inode));
        Assert.That(Tree.RemoveReference(VaultTree.RootInode, "gone.txt"), Is.Null);
        Assert.That(Tree.FindOrphans().Select(n => n.Inode), Is.EqualTo(new[] { file.Inode }));
        Tree.Release(file);
        Reopen();
        Assert.That(Tree.GetNode(file.Inode), Is.Null);
        Assert.That(_vault.Metadata.LeafReferenceCount(file.ArtifactId.Hash), Is.Zero);
        Assert.That(_vault.Metadata.BlockTotals().Count, Is.Zero, "its block went with it");
        Assert.That(Labels(VaultTree.RootInode), Is.Empty);
    }

    [Test]
    public void RenameWithinATreeKeepsThePosition()
    {
        File(Tree.Root, "a", "a");
        File(Tree.Root, "b", "b");
        var result = Tree.RenameReference(Tree.Root, "a", Tree.Root, "z", Vault.NowNs());
        Reopen();
        Assert.That(result!.Replaced, Is.Null);
        Assert.That(Labels(VaultTree.RootInode), Is.EqualTo(new[] { "z", "b" }));
    }

    [Test]
    public void RenameAcrossTreesMovesToTheEndAndMovesATreesLink()
    {
        var root = Tree.Root;
        var from = Folder(root, "from");
        var to = Folder(root, "to");
        File(to, "existing", "e");
        var moving = Folder(from, "moving");
        File(moving, "inside", "i");
        from = Tree.GetNode(from.Inode)!;
        Assert.That(from.LinkCount, Is.EqualTo(3u));

        var result = Tree.RenameReference(from, "moving", to, "moved", Vault.NowNs());
        Reopen();
        Assert.That(result!.Moved.Tree, Is.EqualTo(to.Inode));
        Assert.That(Labels(from.Inode), Is.Empty);
        Assert.That(Labels(to.Inode), Is.EqualTo(new[] { "existing", "moved" }));
        Assert.That(Tree.Resolve("to/moved/inside"), Is.Not.Null);
        Assert.That(Tree.GetNode(from.Inode)!.LinkCount, Is.EqualTo(2u));
        Assert.That(Tree.GetNode(to.Inode)!.LinkCount, Is.EqualTo(3u));
    }

    [Test]
    public void RenameOntoAnExistingLabelReplacesItsNode()
    {
        var keep = File(Tree.Root, "new", "new content");
        var old = File(Tree.Root, "old", "old content");
        var result = Tree.RenameReference(Tree.Root, "new", Tree.Root, "old", Vault.NowNs());
        Assert.That(result!.Replaced!.Inode, Is.EqualTo(old.Inode));
        Assert.That(result.Replaced.LinkCount, Is.Zero);
        Tree.Release(result.Replaced);
        Reopen();
        Assert.That(Labels(VaultTree.RootInode), Is.EqualTo(new[] { "old" }));
        Assert.That(Tree.Resolve("old")!.Inode, Is.EqualTo(keep.Inode));
        Assert.That(Tree.GetNode(old.Inode), Is.Null);
    }

    [Test]
    public void WalkIsPreOrderInPositionOrderAndCanSkipTrees()
    {
        var root = Tree.Root;
        var b = Folder(root, "b");
        File(b, "b2", "x");
        var skip = Folder(b, "skip");
        File(skip, "hidden", "h");
        File(root, "a", "y");
        File(b, "b1", "z");

        var all = Tree.Walk(Tree.Root).Select(e => (e.Path, e.Depth)).ToList();
        Assert.That(all, Is.EqualTo(new[] { ("", 0), ("b", 1), ("b/b2", 2), ("b/skip", 2), ("b/skip/hidden", 3), ("b/b1", 2), ("a", 1) }));
        var pruned = Tree.Walk(Tree.Root, e => e.Path != "b/skip").Select(e => e.Path).ToList();
        Assert.That(pruned, Is.EqualTo(new[] { "", "b", "b/b2", "b/skip", "b/b1", "a" }), "a skipped tree is yielded, its entries are not");
        Assert.That(Tree.Walk(Tree.Resolve("b")!).Select(e => e.Path).First(), Is.EqualTo(""));
    }

    [Test]
    public void WalkEndsOnACycle()
    {
        var loop = Folder(Tree.Root, "loop");
        // A corrupt vault: the tree names its own parent.
        Tree.InTransaction(() => Tree.AddReference(loop, "up", VaultTree.RootInode, Vault.NowNs()));
        var paths = Tree.Walk(Tree.Root).Select(e => e.Path).ToList();
        Assert.That(paths, Is.EqualTo(new[] { "", "loop", "loop/up" }));
    }

    [Test]
    public void SaveLeafCommitsTheNewVersionAndFreesTheOldBlocks([Values] bool durable)
    {
        var file = File(Tree.Root, "doc.txt", new string('a', 3000));
        var oldId = file.ArtifactId;
        var data = Encoding.UTF8.GetBytes(new string('b', 1500));
        var saved = Tree.SaveLeaf(file, _vault.Content.Build(data, durable), durable);
        Assert.That(saved.ArtifactId, Is.EqualTo(new ArtifactId(Blake3.Hash(data))));
        Assert.That(saved.Size, Is.EqualTo(1500));
        Assert.That(file.ArtifactId, Is.EqualTo(oldId), "the caller's node is left as it was");
        Reopen();
        var stored = Tree.Resolve("doc.txt")!;
        Assert.That(stored.ArtifactId, Is.EqualTo(saved.ArtifactId));
        Assert.That(_vault.Metadata.LeafReferenceCount(oldId.Hash), Is.Zero);
        Assert.That(_vault.Metadata.LeafReferenceCount(saved.ArtifactId.Hash), Is.EqualTo(1));
        var content = Tree.CommittedContent(stored)!;
        var back = new byte[content.Size];
        _vault.Content.Read(content, 0, back);
        Assert.That(back, Is.EqualTo(data));
        Assert.That(_vault.Metadata.BlockTotals().Count, Is.EqualTo(2), "the old 'a' blocks are gone, 'b' x1024 and 'b' x476 stay");
    }

    [Test]
    public void XattrsAreStoredPerNode()
    {
        var file = File(Tree.Root, "f", "f");
        Tree.SetXattr(file.Inode, "user.colour", "blue"u8.ToArray());
        Tree.SetXattr(file.Inode, "user.a", [1]);
        Reopen();
        Assert.That(Tree.GetXattr(file.Inode, "user.colour"), Is.EqualTo("blue"u8.ToArray()));
        Assert.That(Tree.ListXattrs(file.Inode), Is.EqualTo(new[] { "user.a", "user.colour" }));
        Assert.That(Tree.XattrUsage(file.Inode, "user.a"), Is.EqualTo((12L, 4L)));
        Assert.That(Tree.RemoveXattr(file.Inode, "user.a"), Is.True);
        Assert.That(Tree.RemoveXattr(file.Inode, "user.a"), Is.False);
    }

    [Test]
    public void AllocatedInodesAreNeverReused()
    {
        var first = Tree.AllocateInode();
        var node = File(Tree.Root, "x", "x");
        var next = Tree.AllocateInode();
        Assert.That(node.Inode, Is.GreaterThan(first));
        Assert.That(next, Is.GreaterThan(node.Inode));
    }

    [Test]
    public void DescribedArtifactsCarryTheDomainFields()
    {
        var gallery = Tree.CreateTree(Tree.Root, "gallery", TreeType.Gallery, TreeMode, 0, 0)!;
        var image = File(gallery, "cat.png", "png bytes");
        var tree = Tree.DescribeTree(Tree.GetNode(gallery.Inode)!, _vault.Player);
        Assert.That(tree.Type, Is.EqualTo(TreeType.Gallery));
        Assert.That(tree.Steward, Is.EqualTo(_vault.Player));
        Assert.That(tree.References.Select(r => r.Label), Is.EqualTo(new[] { "cat.png" }));
        var leaf = VaultTree.DescribeLeaf(image, _vault.Player);
        Assert.That(leaf.Type, Is.EqualTo(LeafType.Image));
        Assert.That(leaf.Size, Is.EqualTo(9));
        Assert.That(leaf.Id, Is.EqualTo(new ArtifactId(Blake3.Hash("png bytes"u8))));
    }
}

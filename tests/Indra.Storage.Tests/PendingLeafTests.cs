using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Storage.Tests;

/// <summary>Leaves saved under a provisional id (holes still being hashed) move to their real id in one transaction.</summary>
public sealed class PendingLeafTests
{
    private static Blake3Hash Id(string text) => Blake3.Hash(System.Text.Encoding.UTF8.GetBytes(text));

    private static long File(MetadataStore store, Blake3Hash leaf) =>
        store.InsertNode(new NodeRecord { Kind = StoredKind.File, Mode = 0x1A4, LinkCount = 1, ArtifactId = leaf, TypeTag = "File" });

    private static readonly LeafBlockRow[] Blocks = [new LeafBlockRow(7, Id("block"), 1024, null)];

    [Test]
    public void ARekeyedLeafMovesNodesRowAndBlockListAndIsNoLongerPending()
    {
        using var store = MetadataStore.OpenInMemory();
        var provisional = Id("provisional");
        var real = Id("real");
        long node = 0;
        store.InTransaction(() =>
        {
            store.AcquireLeaf(provisional, 8 * 1024, 1024, Blocks);
            store.AddPendingLeaf(provisional);
            node = File(store, provisional);
        });
        Assert.That(store.ListPendingLeaves(), Is.EqualTo(new[] { (provisional, 8L * 1024) }));
        var dead = store.InTransaction(() => store.RekeyLeaf(provisional, real));
        Assert.That(dead, Is.Empty);
        Assert.That(store.GetNode(node)!.ArtifactId, Is.EqualTo(real));
        Assert.That(store.LeafExists(provisional), Is.False);
        Assert.That(store.GetLeafBlocks(real), Is.EqualTo(Blocks));
        Assert.That(store.BlockReferenceCount(Blocks[0].Hash), Is.EqualTo(1));
        Assert.That(store.ListPendingLeaves(), Is.Empty);
    }

    [Test]
    public void ARekeyOntoAnExistingLeafMergesTheReferences()
    {
        using var store = MetadataStore.OpenInMemory();
        var provisional = Id("provisional");
        var real = Id("real");
        store.InTransaction(() =>
        {
            store.AcquireLeaf(real, 8 * 1024, 1024, Blocks);
            File(store, real);
            store.AcquireLeaf(provisional, 8 * 1024, 1024, Blocks);
            store.AcquireLeaf(provisional, 8 * 1024, 1024, Blocks);
            store.AddPendingLeaf(provisional);
            File(store, provisional);
            File(store, provisional);
        });
        store.InTransaction(() => store.RekeyLeaf(provisional, real));
        Assert.That(store.LeafReferenceCount(real), Is.EqualTo(3));
        Assert.That(store.LeafExists(provisional), Is.False);
        Assert.That(store.BlockReferenceCount(Blocks[0].Hash), Is.EqualTo(1), "the provisional copy's block reference is dropped");
    }

    [Test]
    public void ARekeyOfAReleasedLeafDoesNothing()
    {
        using var store = MetadataStore.OpenInMemory();
        var provisional = Id("provisional");
        store.InTransaction(() =>
        {
            store.AcquireLeaf(provisional, 8 * 1024, 1024, Blocks);
            store.AddPendingLeaf(provisional);
        });
        var dead = store.InTransaction(() => store.ReleaseLeaf(provisional));
        Assert.That(dead, Is.EqualTo(new[] { Blocks[0].Hash }));
        Assert.That(store.ListPendingLeaves(), Is.Empty, "releasing the last reference forgets that it was pending");
        Assert.That(store.InTransaction(() => store.RekeyLeaf(provisional, Id("real"))), Is.Empty);
        Assert.That(store.LeafExists(Id("real")), Is.False);
    }
}

using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Storage.Tests;

public sealed class MetadataStoreTests
{
    [Test]
    public void NodesGetIncreasingInodeNumbersFromSixThatAreNeverReused()
    {
        using var store = MetadataStore.OpenInMemory();
        var first = store.InsertNode(NewNode());
        var second = store.InsertNode(NewNode());
        Assert.That(first, Is.EqualTo(6));
        Assert.That(second, Is.EqualTo(7));
        store.DeleteNode(second);
        Assert.That(store.InsertNode(NewNode()), Is.EqualTo(8));
    }

    [Test]
    public void ARolledBackTransactionLeavesNothing()
    {
        using var store = MetadataStore.OpenInMemory();
        Assert.Throws<InvalidOperationException>(() => store.InTransaction(() =>
        {
            store.InsertNode(NewNode());
            throw new InvalidOperationException("boom");
        }));
        Assert.That(store.CountNodes(), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public void ReferencesListInPositionOrderWithTheirNodes()
    {
        using var store = MetadataStore.OpenInMemory();
        var parent = store.InsertNode(NewNode(EntryKind.Directory));
        var b = store.InsertNode(NewNode());
        var a = store.InsertNode(NewNode());
        store.InsertRef(new RefRecord(parent, "b", 1, b));
        store.InsertRef(new RefRecord(parent, "a", 2, a));
        var children = store.ListChildren(parent);
        Assert.That(children.Select(c => c.Ref.Label), Is.EqualTo(new[] { "b", "a" }));
        Assert.That(children.Select(c => c.Node.Inode), Is.EqualTo(new[] { b, a }));
        Assert.That(store.RefsTo(a).Single().Label, Is.EqualTo("a"));
    }

    [Test]
    public void TheDatabaseFilePassesIntegrityCheck()
    {
        var path = Path.Combine(Path.GetTempPath(), "indra-meta-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        try
        {
            using (var store = MetadataStore.Open(path))
            {
                store.InsertNode(NewNode());
                store.SetXattr(6, "user.a", [1, 2, 3]);
                Assert.That(store.IntegrityCheck(), Is.EqualTo("ok"));
            }
            using var reader = MetadataStore.OpenReadOnly(path);
            Assert.That(reader.GetNode(6), Is.Not.Null);
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(file);
        }
    }

    private static NodeRecord NewNode(EntryKind kind = EntryKind.File) => new() { Kind = kind, Mode = 0x1A4, LinkCount = 1, ArtifactId = Blake3.Hash([]), TypeTag = "File" };
}

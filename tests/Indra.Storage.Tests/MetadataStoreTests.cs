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

    [Test]
    public void AFailureInTheWriteBehindTimerIsLoggedAndTheTimerKeepsWriting()
    {
        // An IOException deleting freed blocks after the timer's commit used to escape the timer callback and end
        // the process; now it is one log line, the other work of the batch lands, and later writes still do.
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var store = MetadataStore.OpenInMemory();
        store.Log = lines.Enqueue;
        var freed = 0;
        store.Defer(() =>
        {
            store.AfterCommit(() => throw new IOException("block file could not be deleted"));
            store.AfterCommit(() => Interlocked.Increment(ref freed));
        });
        store.Defer(() => throw new InvalidOperationException("a queued write with a bug"));
        store.Defer(() => store.SetXattr(6, "user.first", [1]));
        // Nothing here reads the store (a read would run the queue on this thread): the timer must do it all.
        WaitUntil(() => lines.Count >= 2 && Volatile.Read(ref freed) == 1);
        Assert.That(lines, Has.Some.Contains("block file could not be deleted"));
        Assert.That(lines, Has.Some.Contains("a queued write with a bug"));
        Assert.That(store.GetXattr(6, "user.first"), Is.EqualTo(new byte[] { 1 }), "the rest of the batch landed");

        using var later = new ManualResetEventSlim();
        store.Defer(() =>
        {
            store.SetXattr(6, "user.second", [2]);
            later.Set();
        });
        Assert.That(later.Wait(TimeSpan.FromSeconds(10)), Is.True, "the timer still runs");
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out");
            Thread.Sleep(20);
        }
    }

    private static NodeRecord NewNode(EntryKind kind = EntryKind.File) => new() { Kind = kind, Mode = 0x1A4, LinkCount = 1, ArtifactId = Blake3.Hash([]), TypeTag = "File" };
}

using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.State;
using Indra.Sharing.Views;

namespace Indra.Sharing.Tests;

/// <summary>A replaced view snapshot stays reported (its blocks kept) exactly while a reader is inside it.</summary>
[TestFixture]
public sealed class HeldSnapshotsTests
{
    [Test]
    public void AReaderInsideAReplacedSnapshotKeepsItHeldUntilItLeaves()
    {
        using var blocks = ContentBlocks.InMemory();
        var (first, second, third) = (Snapshot(blocks, "one"), Snapshot(blocks, "two"), Snapshot(blocks, "three"));
        var held = new HeldSnapshots();
        held.Publish(first);

        var reading = held.Enter();
        Assert.That(reading.Snapshot, Is.SameAs(first));
        held.Publish(second);
        Assert.That(held.Current, Is.SameAs(second));
        Assert.That(held.Held(), Is.EquivalentTo(new[] { first, second }), "the reader is still inside the first");

        using (var later = held.Enter()) Assert.That(later.Snapshot, Is.SameAs(second), "a new reader enters the current one");
        held.Publish(third);
        Assert.That(held.Held(), Is.EquivalentTo(new[] { first, third }), "nobody is inside the second any more");

        reading.Dispose();
        Assert.That(held.Held(), Is.EqualTo(new[] { third }));
    }

    private static ViewSnapshot Snapshot(ContentBlocks blocks, string peer) =>
        ViewSnapshot.Build(new ViewSources(new PlayerId(Blake3.Hash("self"u8)), [new PeerRecord(peer, new PlayerId(Blake3.Hash(System.Text.Encoding.UTF8.GetBytes(peer))), "127.0.0.1", 1, 0, 0)],
            [], new Dictionary<string, IReadOnlyList<PlayerId>>(), [], _ => blocks, blocks, 0));
}

using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Sync;

namespace Indra.Sharing.Tests;

/// <summary>
/// The per-peer figures behind sync-status.json: a block's bytes count as in flight from the request until it arrives
/// whole (then as fetched) or fails (then nowhere), never in both figures at once, however the two race.
/// </summary>
public sealed class SyncActivityTests
{
    private static readonly PlayerId Peer = new(Blake3.Hash("peer"u8));

    [Test]
    public void A_fetched_block_moves_from_in_flight_to_fetched_and_a_failed_one_leaves_nothing()
    {
        var activity = new SyncActivity();
        using (var fetch = activity.Start(Peer, 1000))
        {
            Assert.That(activity.Of(Peer).BytesInFlight, Is.EqualTo(1000));
            fetch.Done();
            Assert.That(activity.Of(Peer), Has.Property(nameof(SyncFigures.BytesInFlight)).Zero.And.Property(nameof(SyncFigures.BytesFetched)).EqualTo(1000),
                "counted as fetched, and no longer in flight, before the handle is disposed");
        }
        using (activity.Start(Peer, 500))
        {
            // The block never arrives.
        }
        Assert.That(activity.Of(Peer), Has.Property(nameof(SyncFigures.BytesInFlight)).Zero.And.Property(nameof(SyncFigures.BytesFetched)).EqualTo(1000));
        Assert.That(activity.TotalInFlight, Is.Zero);
    }

    [Test]
    public void A_snapshot_never_sees_a_block_both_in_flight_and_fetched()
    {
        var activity = new SyncActivity();
        const int Blocks = 20_000;
        var seenBoth = 0;
        var started = 0;
        using var done = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            while (!done.IsSet)
            {
                // One byte per block: what a snapshot counts can never exceed the blocks started by then.
                var figures = activity.Of(Peer);
                if (figures.BytesInFlight + figures.BytesFetched > Volatile.Read(ref started)) Interlocked.Increment(ref seenBoth);
            }
        });
        reader.Start();
        for (var i = 0; i < Blocks; i++)
        {
            Interlocked.Increment(ref started);
            using var fetch = activity.Start(Peer, 1);
            fetch.Done();
        }
        done.Set();
        reader.Join();
        Assert.That(seenBoth, Is.Zero);
        Assert.That(activity.Of(Peer), Has.Property(nameof(SyncFigures.BytesInFlight)).Zero.And.Property(nameof(SyncFigures.BytesFetched)).EqualTo(Blocks));
    }
}

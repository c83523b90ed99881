using Indra.Storage.Threading;

namespace Indra.Storage.Tests.Threading;

/// <summary><see cref="HandOffQueue{T}"/>: order, back-pressure, completion, and many threads on both ends.</summary>
public sealed class HandOffQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public void ItemsComeOutInTheOrderTheyWentIn()
    {
        var queue = new HandOffQueue<int>(8);
        for (var i = 0; i < 8; i++) Assert.That(queue.TryAdd(i), Is.True);
        Assert.That(queue.Count, Is.EqualTo(8));
        var taken = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            Assert.That(queue.TryTake(out var item), Is.True);
            taken.Add(item);
        }
        Assert.That(taken, Is.EqualTo(Enumerable.Range(0, 8)));
    }

    [Test]
    public void AnAdderWaitsForRoomAndATakerForAnItem()
    {
        var queue = new HandOffQueue<int>(2);
        queue.TryAdd(1);
        queue.TryAdd(2);
        var third = Task.Run(() => queue.TryAdd(3));
        Assert.That(third.Wait(TimeSpan.FromMilliseconds(300)), Is.False, "the queue is full: the adder waits");
        Assert.That(queue.TryTake(out var first), Is.True);
        Assert.That(first, Is.EqualTo(1));
        Assert.That(third.Wait(Patience) && third.Result, Is.True, "room made: the adder goes on");

        var empty = new HandOffQueue<string>(4);
        var take = Task.Run(() => empty.TryTake(out var item) ? item : null);
        Assert.That(take.Wait(TimeSpan.FromMilliseconds(300)), Is.False, "nothing queued: the taker waits");
        empty.TryAdd("x");
        Assert.That(take.Wait(Patience), Is.True);
        Assert.That(take.Result, Is.EqualTo("x"));
    }

    [Test]
    public void CompletingLetsTakersDrainWhatIsLeftAndRefusesAdders()
    {
        var queue = new HandOffQueue<int>(1);
        queue.TryAdd(7);
        var waitingAdder = Task.Run(() => queue.TryAdd(8));
        Assert.That(waitingAdder.Wait(TimeSpan.FromMilliseconds(200)), Is.False);
        queue.Complete();
        Assert.That(waitingAdder.Wait(Patience), Is.True);
        Assert.That(waitingAdder.Result, Is.False, "an adder waiting for room is refused");
        Assert.That(queue.TryAdd(9), Is.False, "and so is a later one");
        Assert.That(queue.TryTake(out var left), Is.True, "what was added before is still handed over");
        Assert.That(left, Is.EqualTo(7));
        Assert.That(queue.TryTake(out _), Is.False, "then the takers are told it is over");

        var idle = new HandOffQueue<int>(4);
        var waitingTaker = Task.Run(() => idle.TryTake(out _));
        Assert.That(waitingTaker.Wait(TimeSpan.FromMilliseconds(200)), Is.False);
        idle.Complete();
        Assert.That(waitingTaker.Wait(Patience) && !waitingTaker.Result, Is.True, "a taker waiting on an empty queue ends");
    }

    [Test]
    public void EveryItemOfManyAddersReachesExactlyOneOfManyTakers()
    {
        const int adders = 4, takers = 3, each = 20_000;
        var queue = new HandOffQueue<int>(3);
        var seen = new int[adders * each];
        var consumers = Enumerable.Range(0, takers).Select(_ => Task.Run(() =>
        {
            while (queue.TryTake(out var item)) Interlocked.Increment(ref seen[item]);
        })).ToArray();
        var producers = Enumerable.Range(0, adders).Select(a => Task.Run(() =>
        {
            for (var i = 0; i < each; i++) Assert.That(queue.TryAdd(a * each + i), Is.True);
        })).ToArray();
        Assert.That(Task.WaitAll(producers, Patience), Is.True, "the adders finished");
        queue.Complete();
        Assert.That(Task.WaitAll(consumers, Patience), Is.True, "the takers finished");
        Assert.That(seen.Count(n => n != 1), Is.Zero, "each item taken exactly once");
    }

    [Test]
    public void ACapacityBelowOneIsRefused() =>
        Assert.That(() => new HandOffQueue<int>(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
}

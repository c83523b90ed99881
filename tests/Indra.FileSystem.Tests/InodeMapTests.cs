using Indra.Engine.Domain;
using Indra.FileSystem.Nodes;

namespace Indra.FileSystem.Tests;

/// <summary>
/// <see cref="InodeMap"/> (the loaded inodes by number, open addressing): every sequence of sets and removals leaves
/// it holding exactly what a dictionary holds, through growth, removals that shift probe runs back, and trimming.
/// </summary>
public sealed class InodeMapTests
{
    [Test]
    public void HoldsWhatADictionaryHoldsThroughSetsRemovalsAndTrims()
    {
        var map = new InodeMap();
        var expected = new Dictionary<long, Inode>();
        var random = new Random(15);
        for (var step = 0; step < 60_000; step++)
        {
            // Numbers from a small range collide and cluster; from a sequence they arrive as the vault hands them out.
            var number = step % 3 == 0 ? random.NextInt64(1, 4_000) : 1_000 + step / 2;
            switch (random.Next(10))
            {
                case < 5:
                    var node = NodeNumbered(number);
                    map.Set(node);
                    expected[number] = node;
                    break;
                case < 9:
                    Assert.That(map.Remove(number, out var removed), Is.EqualTo(expected.Remove(number, out var wanted)));
                    Assert.That(removed, Is.SameAs(wanted));
                    break;
                default:
                    if (step % 1_000 == 9) map.TrimExcess();
                    break;
            }
            if (step % 10_000 == 0) AssertHolds(map, expected);
        }
        AssertHolds(map, expected);
        foreach (var number in expected.Keys.ToList()) Assert.That(map.Remove(number), Is.True);
        Assert.That(map.Count, Is.Zero);
        Assert.That(map.Values, Is.Empty);
    }

    [Test]
    public void SetReplacesTheInodeHeldUnderItsNumber()
    {
        var map = new InodeMap();
        var first = NodeNumbered(42);
        var second = NodeNumbered(42);
        map.Set(first);
        map.Set(second);

        Assert.That(map.Count, Is.EqualTo(1));
        Assert.That(map.TryGetValue(42, out var held), Is.True);
        Assert.That(held, Is.SameAs(second));
    }

    [Test]
    public void GrowsAtThreeQuartersAndTrimsBackToTheSmallestFittingPowerOfTwo()
    {
        var map = new InodeMap();
        for (var number = 1; number <= 12; number++) map.Set(NodeNumbered(number));
        Assert.That(map.Capacity, Is.EqualTo(16), "12 of 16 is three quarters");
        map.Set(NodeNumbered(13));
        Assert.That(map.Capacity, Is.EqualTo(32));

        for (var number = 14; number <= 10_000; number++) map.Set(NodeNumbered(number));
        for (var number = 100; number <= 10_000; number++) map.Remove(number);
        map.TrimExcess();

        Assert.That(map.Count, Is.EqualTo(99));
        Assert.That(map.Capacity, Is.EqualTo(256), "99 inodes fit three quarters of 256, not of 128");
        for (var number = 1; number < 100; number++) Assert.That(map.ContainsKey(number), Is.True);
    }

    [Test]
    public void ChangingTheMapDuringAnEnumerationThrows()
    {
        var map = new InodeMap();
        for (var number = 1; number <= 10; number++) map.Set(NodeNumbered(number));

        Assert.That(() =>
        {
            foreach (var node in map.Values) map.Remove(node.Number);
        }, Throws.InvalidOperationException);
    }

    private static Inode NodeNumbered(long number) => new(new VaultNode { Inode = number });

    private static void AssertHolds(InodeMap map, Dictionary<long, Inode> expected)
    {
        Assert.That(map.Count, Is.EqualTo(expected.Count));
        var misses = expected.Where(e => !map.TryGetValue(e.Key, out var held) || !ReferenceEquals(held, e.Value)).Select(e => e.Key);
        Assert.That(misses, Is.Empty, "inodes not found under their numbers");
        Assert.That(map.Values.Select(n => n.Number).Order(), Is.EqualTo(expected.Keys.Order()));
        Assert.That(map.TryGetValue(-1, out _), Is.False);
    }
}

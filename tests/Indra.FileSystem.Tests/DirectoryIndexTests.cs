using Indra.FileSystem.Nodes;

namespace Indra.FileSystem.Tests;

/// <summary>
/// <see cref="DirectoryIndex"/>: the position order (an array with holes, squeezed when half empty) lists every
/// live entry once, in position order, from any cursor, through removals, re-adds and out-of-order inserts.
/// </summary>
public sealed class DirectoryIndexTests
{
    [Test]
    public void ListingFollowsPositionsThroughRemovalsAndSqueezes()
    {
        var index = new DirectoryIndex();
        for (var i = 1; i <= 1000; i++) index.Add($"n{i}", i, 10_000 + i);
        for (var i = 1; i <= 1000; i += 2) index.Remove($"n{i}");   // half the array becomes holes: squeezed
        for (var i = 2; i <= 1000; i += 4) index.Remove($"n{i}");
        var expected = Enumerable.Range(1, 1000).Where(i => i % 2 == 0 && (i - 2) % 4 != 0).ToList();

        Assert.That(index.Count, Is.EqualTo(expected.Count));
        Assert.That(index.After(0).Select(e => e.Position), Is.EqualTo(expected.Select(i => (long)i)));
        Assert.That(index.After(0).Select(e => e.Label), Is.EqualTo(expected.Select(i => $"n{i}")));
        Assert.That(index.After(0).Select(e => e.Child), Is.EqualTo(expected.Select(i => 10_000L + i)));
        Assert.That(index.After(500).First().Position, Is.EqualTo(expected.First(i => i > 500)), "resumes after a removed position");
        Assert.That(index.After(1000), Is.Empty);
    }

    [Test]
    public void AnOlderPositionIsInsertedInOrderAndALabelMovesToItsNewPosition()
    {
        var index = new DirectoryIndex();
        index.Add("a", 10, 1);
        index.Add("b", 20, 2);
        index.Add("c", 30, 3);
        index.Remove("b");
        index.Add("x", 20, 9);   // an exchange puts a node back at its label's old position
        index.Add("a", 40, 1);   // a rename within the tree: the label moves to a new position
        index.Add("d", 5, 4);

        Assert.That(index.After(0).Select(e => (e.Position, e.Label)), Is.EqualTo(new[] { (5L, "d"), (20L, "x"), (30L, "c"), (40L, "a") }));
        Assert.That(index.TryGetPosition("a", out var position) && position == 40);
        Assert.That(index.TryGet("b", out _), Is.False);
    }

    [Test]
    public void ALookupGivesTheIndexsOwnCopyOfTheLabel()
    {
        var index = new DirectoryIndex();
        var kept = new string("name.txt".AsSpan());
        index.Add(kept, 1, 7);
        var asked = new string("name.txt".AsSpan());

        Assert.That(index.TryGet(asked, out var child, out var stored), Is.True);
        Assert.That(child, Is.EqualTo(7));
        Assert.That(stored, Is.SameAs(kept));
        Assert.That(index.TryGet("other", out _, out var missing), Is.False);
        Assert.That(missing, Is.EqualTo("other"));
    }

    [Test]
    public void RandomChangesAgreeWithAPlainModel()
    {
        var random = new Random(15);
        var index = new DirectoryIndex(capacity: 3);
        var model = new Dictionary<string, (long Position, long Child)>();
        var next = 1L;
        for (var step = 0; step < 20_000; step++)
        {
            var label = "f" + random.Next(600);
            switch (random.Next(10))
            {
                case < 5:   // create or rename onto the label: a new position
                    index.Add(label, next, step);
                    model[label] = (next++, step);
                    break;
                case < 8:
                    index.Remove(label);
                    model.Remove(label);
                    break;
                case 8 when !model.ContainsKey(label) && next > 1:   // an exchange: back at an older, free position
                    var older = 1 + random.NextInt64(next - 1);
                    if (model.Values.Any(v => v.Position == older)) break;
                    index.Add(label, older, step);
                    model[label] = (older, step);
                    break;
                default:
                    Assert.That(index.TryGet(label, out var child), Is.EqualTo(model.ContainsKey(label)), label);
                    if (model.TryGetValue(label, out var entry)) Assert.That(child, Is.EqualTo(entry.Child), label);
                    break;
            }
        }

        var expected = model.OrderBy(e => e.Value.Position).Select(e => (e.Value.Position, e.Key, e.Value.Child)).ToList();
        Assert.That(index.Count, Is.EqualTo(model.Count));
        Assert.That(index.After(0).ToList(), Is.EqualTo(expected));
        foreach (var (label, (position, _)) in model)
        {
            Assert.That(index.TryGetPosition(label, out var found) && found == position, label);
        }
    }
}

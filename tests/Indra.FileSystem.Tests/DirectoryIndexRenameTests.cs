using Indra.FileSystem.Nodes;

namespace Indra.FileSystem.Tests;

/// <summary>
/// <see cref="DirectoryIndex"/> under renames within one tree: the new label takes the hole the old one left at the
/// same position, without a table rebuild, and lookups, positions and the listing stay right however many renames
/// pile up stale table cells.
/// </summary>
public sealed class DirectoryIndexRenameTests
{
    [Test]
    public void RenamesInPlaceKeepEveryLabelFindableAtItsPosition()
    {
        const int count = 3_000;
        var index = new DirectoryIndex();
        for (var i = 0; i < count; i++) index.Add($"f{i}", i + 1, 100_000 + i);
        for (var round = 0; round < 3; round++)
        {
            var from = round == 0 ? "f" : $"r{round - 1}-";
            var to = $"r{round}-";
            for (var i = 0; i < count; i++)
            {
                Assert.That(index.TryGetPosition(from + i, out var position), Is.True, from + i);
                Assert.That(index.TryGet(to + i, out _), Is.False, "the new name is free before the rename");
                index.Remove(from + i);
                index.Add(to + i, position, 100_000 + i);
            }
        }

        Assert.That(index.Count, Is.EqualTo(count));
        for (var i = 0; i < count; i++)
        {
            Assert.That(index.TryGet($"r2-{i}", out var child) && child == 100_000 + i, $"r2-{i}");
            Assert.That(index.TryGetPosition($"r2-{i}", out var position) && position == i + 1, $"position of r2-{i}");
            Assert.That(index.TryGet($"f{i}", out _) || index.TryGet($"r0-{i}", out _) || index.TryGet($"r1-{i}", out _), Is.False, $"old names of {i}");
        }
        Assert.That(index.After(0).Select(e => e.Label), Is.EqualTo(Enumerable.Range(0, count).Select(i => $"r2-{i}")));
    }

    [Test]
    public void UnlinkingAfterRenamesEmptiesTheIndex()
    {
        var index = new DirectoryIndex(capacity: 8);
        for (var i = 0; i < 500; i++) index.Add($"f{i}", i + 1, i);
        for (var i = 0; i < 500; i++)
        {
            index.TryGetPosition($"f{i}", out var position);
            index.Remove($"f{i}");
            index.Add($"g{i}", position, i);
        }
        for (var i = 0; i < 500; i++)
        {
            index.Remove($"g{i}");
            Assert.That(index.TryGet($"g{i}", out _), Is.False, $"g{i}");
            if (i + 1 < 500) Assert.That(index.TryGet($"g{i + 1}", out var next) && next == i + 1, $"g{i + 1}");
        }

        Assert.That(index.Count, Is.Zero);
        Assert.That(index.After(0), Is.Empty);
    }
}

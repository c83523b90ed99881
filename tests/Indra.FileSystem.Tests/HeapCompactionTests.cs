using Indra.FileSystem.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Indra.FileSystem.Tests;

/// <summary>
/// <see cref="HeapCompaction"/> (issue 15: memory per cached inode): the heap is compacted once a burst of node loads
/// and evictions of at least <see cref="HeapCompaction.MinimumChurn"/> nodes has settled, never while it goes on, and
/// at most once per <see cref="HeapCompaction.MinimumInterval"/>; the loaded-node cache counts what it loads and evicts.
/// </summary>
public sealed class HeapCompactionTests : VaultFileSystemFixture
{
    private FakeTimeProvider _clock = null!;
    private int _compacted;
    private HeapCompaction _compaction = null!;

    [SetUp]
    public void CreateCompaction()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _compacted = 0;
        _compaction = new HeapCompaction(_clock, compact: () => _compacted++);
    }

    [TearDown]
    public void DisposeCompaction() => _compaction.Dispose();

    [Test]
    public void ASmallChurnNeverCompacts()
    {
        _compaction.Note(HeapCompaction.MinimumChurn - 1);
        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.That(_compacted, Is.Zero);
        Assert.That(_compaction.Churn, Is.EqualTo(HeapCompaction.MinimumChurn - 1));
    }

    [Test]
    public void ABurstIsCompactedOnceItHasSettledAndNotWhileItGoesOn()
    {
        _compaction.Note(HeapCompaction.MinimumChurn);
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(HeapCompaction.CheckInterval);
            _compaction.Note(100);
        }
        Assert.That(_compacted, Is.Zero, "still loading at every check");

        _clock.Advance(HeapCompaction.CheckInterval);
        Assert.That(_compacted, Is.Zero, "the first check after the burst sees its last change");
        _clock.Advance(HeapCompaction.CheckInterval);
        Assert.That(_compacted, Is.EqualTo(1), "a check with nothing new compacts");
        Assert.That(_compaction.Compactions, Is.EqualTo(1));
        Assert.That(_compaction.Churn, Is.Zero);

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(_compacted, Is.EqualTo(1), "no churn since: no further compaction");
    }

    [Test]
    public void CompactionsAreAtLeastTheMinimumIntervalApart()
    {
        _compaction.Note(HeapCompaction.MinimumChurn);
        _clock.Advance(HeapCompaction.CheckInterval * 2);
        Assert.That(_compacted, Is.EqualTo(1));

        _compaction.Note(HeapCompaction.MinimumChurn);
        _clock.Advance(HeapCompaction.CheckInterval * 4);
        Assert.That(_compacted, Is.EqualTo(1), "the second burst settled within the interval");

        _clock.Advance(HeapCompaction.MinimumInterval);
        Assert.That(_compacted, Is.EqualTo(2), "compacted once the interval was over");
    }

    [Test]
    public void TheCacheCountsTheNodesItEvicts()
    {
        const int softLimit = 64;
        const int files = 10 * softLimit;
        Fs.Inodes.SoftLimit = softLimit;
        for (var i = 0; i < files; i++) Fs.Forget(CreateFile(ReservedInodes.Vault, $"f{i}", [(byte)i]), 1);

        Assert.That(Fs.Inodes.Count, Is.LessThan(files / 2), "forgotten nodes were evicted");
        Assert.That(Fs.Compaction.Churn, Is.GreaterThanOrEqualTo(files - Fs.Inodes.Count), "every eviction counted");
        Assert.That(Fs.Compaction.Compactions, Is.Zero, "far below the churn that compacts");
    }
}

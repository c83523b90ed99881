using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Tests.Support;
using Indra.Platform.ProjFS.WriteBack;

namespace Indra.Platform.ProjFS.Tests.WriteBack;

/// <summary>The durable dirty queue: append + fsync, completion records, replay after a crash.</summary>
[TestFixture]
public sealed class DirtyQueueTests
{
    private TempDirectory _dir = null!;
    private string Journal => Path.Combine(_dir.Path, "dirty-queue.jsonl");

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void PendingEntriesSurviveReopeningInOrder()
    {
        using (var queue = DirtyQueue.Open(Journal, ProjFsLog.Null))
        {
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\a.txt"));
            var second = queue.Enqueue(new DirtyChange(DirtyChangeKind.Modified, "vault\\a.txt"));
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Renamed, "vault\\a.txt", "vault\\b.txt"));
            Assert.That(queue.TryBegin(out var head), Is.True);
            queue.Complete(head.Sequence);
            Assert.That(second, Is.GreaterThan(head.Sequence));
        }

        using var reopened = DirtyQueue.Open(Journal, ProjFsLog.Null);
        var pending = reopened.Snapshot();
        Assert.That(pending.Select(e => e.Change.Kind), Is.EqualTo(new[] { DirtyChangeKind.Modified, DirtyChangeKind.Renamed }));
        Assert.That(pending[1].Change.Destination, Is.EqualTo("vault\\b.txt"));
        Assert.That(reopened.HasPendingFor("VAULT\\B.TXT"), Is.True);
        Assert.That(reopened.HasPendingFor("vault"), Is.True, "a directory with pending changes below it");
        Assert.That(reopened.HasPendingFor("vault\\c.txt"), Is.False);
    }

    [Test]
    public void EntriesAreStampedFromTheGivenClock_AndKeepTheirTimeAcrossAReopen()
    {
        var then = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        using (var queue = DirtyQueue.Open(Journal, ProjFsLog.Null, new FixedClock(then)))
        {
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\a.txt"));
            Assert.That(queue.Snapshot().Single().EnqueuedUtc, Is.EqualTo(then.UtcDateTime));
        }
        using var reopened = DirtyQueue.Open(Journal, ProjFsLog.Null);
        Assert.That(reopened.Snapshot().Single().EnqueuedUtc, Is.EqualTo(then.UtcDateTime));
    }

    [Test]
    public void ATornLastRecordIsIgnored()
    {
        using (var queue = DirtyQueue.Open(Journal, ProjFsLog.Null))
        {
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Modified, "vault\\a.txt"));
        }

        File.AppendAllText(Journal, "{\"seq\":2,\"op\":\"modi");
        var log = new StringWriter();
        using var reopened = DirtyQueue.Open(Journal, new ProjFsLog(Indra.Tests.Shared.LineLoggerProvider.Factory(log.WriteLine), debug: false));
        Assert.That(reopened.Count, Is.EqualTo(1));
        Assert.That(log.ToString(), Does.Contain("torn last record"));
        reopened.Enqueue(new DirtyChange(DirtyChangeKind.Deleted, "vault\\b.txt"));
        Assert.That(reopened.Count, Is.EqualTo(2), "the journal stays appendable after the torn line");
    }

    [Test]
    public void RepeatedChangesAreRecordedOnceUnlessInProgress()
    {
        using var queue = DirtyQueue.Open(Journal, ProjFsLog.Null);
        var change = new DirtyChange(DirtyChangeKind.Modified, "vault\\a.txt");
        var first = queue.Enqueue(change);
        Assert.That(queue.Enqueue(change), Is.EqualTo(first));
        Assert.That(queue.TryBegin(out _), Is.True);
        Assert.That(queue.Enqueue(change), Is.Not.EqualTo(first), "the worker may already have read the old content");
        Assert.That(queue.Count, Is.EqualTo(2));
    }

    [Test]
    public void AFileOpenForWritingWhenTheHostDiedIsWrittenBack()
    {
        using (var queue = DirtyQueue.Open(Journal, ProjFsLog.Null))
        {
            queue.Enqueue(new DirtyChange(DirtyChangeKind.WriteOpened, "vault\\open.txt"));
            queue.Enqueue(new DirtyChange(DirtyChangeKind.WriteOpened, "vault\\closed.txt"));
            queue.Enqueue(new DirtyChange(DirtyChangeKind.WriteClosed, "vault\\closed.txt"));
            Assert.That(queue.Count, Is.Zero, "markers are not work while the host runs");
            Assert.That(queue.HasPendingFor("vault\\open.txt"), Is.True);
        }

        using var reopened = DirtyQueue.Open(Journal, ProjFsLog.Null);
        Assert.That(reopened.Snapshot().Select(e => (e.Change.Kind, e.Change.Path)),
            Is.EqualTo(new[] { (DirtyChangeKind.Modified, "vault\\open.txt") }));
    }

    [Test]
    public void CompletionsAreDurableAndTheJournalIsCompacted()
    {
        using (var queue = DirtyQueue.Open(Journal, ProjFsLog.Null))
        {
            for (var i = 0; i < 600; i++)
            {
                var seq = queue.Enqueue(new DirtyChange(DirtyChangeKind.Modified, $"vault\\f{i}"));
                queue.Complete(seq);
            }

            queue.Enqueue(new DirtyChange(DirtyChangeKind.Deleted, "vault\\last"));
        }

        Assert.That(File.ReadAllLines(Journal).Length, Is.LessThan(400), "compaction dropped completed records");
        using var reopened = DirtyQueue.Open(Journal, ProjFsLog.Null);
        Assert.That(reopened.Snapshot().Single().Change.Path, Is.EqualTo("vault\\last"));
        Assert.That(File.ReadAllLines(Journal), Has.Length.EqualTo(1));
    }

    /// <summary>A clock that always reads <paramref name="now"/>.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

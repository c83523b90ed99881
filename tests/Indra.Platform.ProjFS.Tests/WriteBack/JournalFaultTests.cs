using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Tests.Support;
using Indra.Platform.ProjFS.WriteBack;

namespace Indra.Platform.ProjFS.Tests.WriteBack;

/// <summary>
/// The dirty journal when its compaction cannot replace the file (on Windows an antivirus, indexer or backup tool
/// holding it: IOException, or UnauthorizedAccessException for a file in use): no change is lost, the journal stays
/// open, and the write-back worker keeps going.
/// </summary>
[TestFixture]
public sealed class JournalFaultTests
{
    private TempDirectory _dir = null!;

    private string Journal => Path.Combine(_dir.Path, "dirty-queue.jsonl");

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private static IEnumerable<TestCaseData> Faults()
    {
        yield return new TestCaseData(new Func<Exception>(() => new IOException("The process cannot access the file because it is being used by another process."))).SetName("IOException");
        yield return new TestCaseData(new Func<Exception>(() => new UnauthorizedAccessException("Access to the path is denied."))).SetName("UnauthorizedAccessException");
    }

    [TestCaseSource(nameof(Faults))]
    public void AFailedJournalMoveLosesNoChange(Func<Exception> fault)
    {
        var files = new FaultyLocalFiles();
        using (var queue = DirtyQueue.Open(Journal, ProjFsLog.Null, files: files, compactAfter: 2))
        {
            files.FailMove(path => path == Journal, fault);
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\one.txt"));
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\two.txt"));
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\three.txt"));
            Assert.That(queue.TryBegin(out var first), Is.True);
            queue.Complete(first.Sequence);
            Assert.That(queue.TryBegin(out var second), Is.True);
            Assert.DoesNotThrow(() => queue.Complete(second.Sequence), "the compaction's failure is not the completion's");
            Assert.That(files.Injected, Is.EqualTo(2), "the swap was tried with the journal open, then closed");

            queue.Enqueue(new DirtyChange(DirtyChangeKind.Modified, "vault\\after.txt"));
            Assert.That(queue.Snapshot().Select(e => e.Change.Path), Is.EqualTo(new[] { "vault\\three.txt", "vault\\after.txt" }));
        }

        using var reopened = DirtyQueue.Open(Journal, ProjFsLog.Null, files: new FaultyLocalFiles());
        Assert.That(reopened.Snapshot().Select(e => e.Change.Path), Is.EqualTo(new[] { "vault\\three.txt", "vault\\after.txt" }),
            "every change after the failed swap is in the journal on disk");
    }

    [Test]
    public void ASwapThatWorksAfterAFailureCompactsTheJournal()
    {
        var files = new FaultyLocalFiles();
        using (var queue = DirtyQueue.Open(Journal, ProjFsLog.Null, files: files, compactAfter: 1))
        {
            files.FailMove(path => path == Journal, () => new IOException("held by a scanner"), times: 1);
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\one.txt"));
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\two.txt"));
            Assert.That(queue.TryBegin(out var first), Is.True);
            queue.Complete(first.Sequence); // the open swap fails, the closed one works
            queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, "vault\\three.txt"));
        }

        Assert.That(File.ReadAllText(Journal), Does.Not.Contain("one.txt"), "compacted");
        using var reopened = DirtyQueue.Open(Journal, ProjFsLog.Null);
        Assert.That(reopened.Snapshot().Select(e => e.Change.Path), Is.EqualTo(new[] { "vault\\two.txt", "vault\\three.txt" }));
    }

    [TestCaseSource(nameof(Faults))]
    public void TheWriteBackWorkerSurvivesAJournalThatCannotBeReplaced(Func<Exception> fault)
    {
        using var mount = new MountedVault { JournalCompactionThreshold = 1 };
        mount.Vault.MakeDirectory("vault");
        var session = mount.Mount();
        var journal = Path.Combine(mount.StateDirectory, "dirty-queue.jsonl");
        mount.Files.FailMove(path => path == journal, fault);
        for (var i = 0; i < 5; i++)
        {
            mount.Emulator.WriteAll($"vault\\f{i}.txt", System.Text.Encoding.UTF8.GetBytes($"file {i}"));
        }

        mount.Settle();
        Assert.That(mount.Files.Injected, Is.GreaterThan(0), "compactions were tried and failed");
        mount.Files.Clear();
        mount.Emulator.WriteAll("vault\\later.txt", "after the faults"u8);
        mount.Settle();

        for (var i = 0; i < 5; i++)
        {
            Assert.That(mount.Vault.ReadText($"vault/f{i}.txt"), Is.EqualTo($"file {i}"));
        }

        Assert.That(mount.Vault.ReadText("vault/later.txt"), Is.EqualTo("after the faults"), "the worker is still running");
        Assert.That(session.PendingWriteBacks, Is.Zero);
    }
}

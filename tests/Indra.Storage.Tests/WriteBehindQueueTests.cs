using System.Collections.Concurrent;
using System.Diagnostics;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Indra.Storage.Tests;

/// <summary>
/// The write-behind queue as a unit of work, with real failures injected into a real database file: a full disk (a
/// small tmpfs), a busy database (a second connection holding the write lock), a queued write with a bug, and a block
/// file that cannot be deleted after a commit. Each queues a rename as the filesystem does (delete the old reference,
/// insert the new one: two writes of one batch) and checks that it lands whole or not at all, on disk after
/// reopening, that the owner hears of a failure once, and that the process and the write-behind timer carry on.
/// </summary>
public sealed class WriteBehindQueueTests
{
    private string _dir = "";
    private bool _mounted;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-uow-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDirectory()
    {
        if (_mounted) Run("umount", _dir);
        _mounted = false;
        Directory.Delete(_dir, recursive: true);
    }

    private string DatabasePath => Path.Combine(_dir, "metadata.db");

    [Test]
    public void A_full_disk_fails_the_whole_rename_its_owner_hears_ENOSPC_once_and_the_batch_lands_whole_once_there_is_room()
    {
        Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _dir);
        _mounted = true;
        var log = new LogWatch();
        var (parent, child) = CreateTree(DatabasePath);
        var filler = Path.Combine(_dir, "filler");
        using (var store = MetadataStore.Open(DatabasePath))
        {
            store.Log = log.Add;
            FillDisk(filler);
            QueueRename(store, parent, child);
            // A value larger than anything the database holds: the transaction needs new pages the disk has no room for.
            store.Defer(child, () => store.SetXattr(child, "user.big", new byte[1 << 20]));

            // The timer meets the full disk: one log line, and the process and timer carry on.
            log.WaitFor("could not land");
            var failure = store.TakeFailure(child);
            Assert.That(failure, Is.Not.Null);
            Assert.That(failure!.DiskFull, Is.True, "ENOSPC, not EIO");
            Assert.That(store.TakeFailure(child), Is.Null, "reported once");
            Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "a" }), "nothing of the batch landed");

            File.Delete(filler);
            log.WaitFor("land again");
            Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "b" }), "the retried batch landed whole");
            Assert.That(store.TakeFailure(child), Is.Null);
        }
        using var reopened = MetadataStore.Open(DatabasePath);
        Assert.That(reopened.ListRefs(parent).Select(r => r.Label), Is.EqualTo(new[] { "b" }));
        Assert.That(reopened.GetXattr(child, "user.big")!.Length, Is.EqualTo(1 << 20));
        Assert.That(reopened.IntegrityCheck(), Is.EqualTo("ok"));
    }

    [Test]
    public void A_busy_database_keeps_the_rename_queued_whole_fsync_fails_and_the_owner_hears_EIO_once()
    {
        var (parent, child) = CreateTree(DatabasePath);
        using var store = MetadataStore.Open(DatabasePath, busyTimeoutSeconds: 1);
        var log = new LogWatch();
        store.Log = log.Add;
        using (var other = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            other.Open();
            using var writer = other.BeginTransaction(deferred: false);
            QueueRename(store, parent, child);

            var fsync = Assert.Throws<SqliteException>(() => store.CommitDurably(() => { }));
            Assert.That(fsync!.SqliteErrorCode, Is.EqualTo(5), "SQLITE_BUSY reaches the fsync caller");
            var failure = store.TakeFailure(child);
            Assert.That(failure, Is.Not.Null);
            Assert.That((failure!.DiskFull, failure.InnerException), Is.EqualTo((false, (Exception)fsync)), "EIO, with SQLite's error as the cause");
            store.FlushDeferred();
            Assert.That(store.TakeFailure(child), Is.Null, "reported once, however often the flush is tried");
            Assert.That(Labels(other, writer, parent), Is.EqualTo(new[] { "a" }), "nothing of the rename landed");
            writer.Rollback();
        }
        store.FlushDeferred();
        Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "b" }), "the whole rename landed once the lock was gone");
        Assert.That(log.Lines, Has.Some.Contains("land again"));
    }

    [Test]
    public void A_queued_write_that_throws_rolls_back_its_whole_batch_and_faults_the_queue()
    {
        var (parent, child) = CreateTree(DatabasePath);
        using (var store = MetadataStore.Open(DatabasePath))
        {
            var log = new LogWatch();
            store.Log = log.Add;
            QueueRename(store, parent, child);
            store.Defer(child, () => throw new InvalidOperationException("a queued write with a bug"));
            store.FlushDeferred();

            Assert.That(log.Lines, Has.Some.Contains("a queued write with a bug"));
            Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "a" }), "the rename's first half did not land without the rest");
            // Memory and database now disagree for good: every owner hears of it, and no later work lands on top.
            Assert.That(store.TakeFailure(child)!.InnerException, Is.TypeOf<InvalidOperationException>());
            Assert.That(store.TakeFailure(12345), Is.Not.Null, "a faulted queue answers every owner");
            store.Defer(child, () => store.SetXattr(child, "user.later", [1]));
            Assert.Throws<WriteBehindException>(() => store.InTransaction(() => { }));
        }
        using var reopened = MetadataStore.Open(DatabasePath);
        Assert.That(reopened.ListRefs(parent).Select(r => r.Label), Is.EqualTo(new[] { "a" }), "the state before the dropped batch");
        Assert.That(reopened.GetXattr(child, "user.later"), Is.Null);
    }

    [Test]
    public void When_the_callers_own_work_fails_the_queued_batch_goes_back_and_lands_with_the_next_commit()
    {
        var (parent, child) = CreateTree(DatabasePath);
        using var store = MetadataStore.Open(DatabasePath);
        QueueRename(store, parent, child);
        Assert.Throws<InvalidOperationException>(() => store.InTransaction(() =>
        {
            store.SetXattr(child, "user.mine", [1]);
            throw new InvalidOperationException("the caller's own bug");
        }));
        Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "a" }));
        Assert.That(store.TakeFailure(child), Is.Null, "the queued writes did not fail");
        store.FlushDeferred();
        Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "b" }));
        Assert.That(store.GetXattr(child, "user.mine"), Is.Null, "the caller's work rolled back");
    }

    [Test]
    public void A_block_delete_that_fails_after_the_commit_is_logged_and_the_rename_and_the_timer_carry_on()
    {
        var (parent, child) = CreateTree(DatabasePath);
        using var files = new FileBlockStore(Path.Combine(_dir, "blocks"));
        var blocks = new FailingDeletes(files);
        var data = new byte[4096];
        data[0] = 7;
        var hash = Blake3.Hash(data);
        blocks.Put(hash, data, durable: false);
        using var store = MetadataStore.Open(DatabasePath);
        var log = new LogWatch();
        store.Log = log.Add;
        using var freed = new ManualResetEventSlim();
        QueueRename(store, parent, child);
        store.Defer(child, () =>
        {
            store.AfterCommit(() => blocks.Delete(hash));
            store.AfterCommit(freed.Set);
        });

        // Nothing here reads the store (a read would run the queue on this thread): the timer does it all.
        log.WaitFor("could not be deleted");
        Assert.That(freed.Wait(TimeSpan.FromSeconds(10)), Is.True, "the next after-commit action still ran");
        Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "b" }), "the commit stands");
        Assert.That(store.TakeFailure(child), Is.Null, "the rename succeeded; the leftover block is indra gc's");
        Assert.That(files.Contains(hash), Is.True);

        using var later = new ManualResetEventSlim();
        store.Defer(() =>
        {
            store.SetXattr(child, "user.after", [2]);
            store.AfterCommit(later.Set);
        });
        Assert.That(later.Wait(TimeSpan.FromSeconds(10)), Is.True, "the timer still runs");
    }

    [Test]
    public void Writes_queued_together_land_in_one_transaction_even_when_a_read_between_them_would_apply_the_queue()
    {
        var (parent, child) = CreateTree(DatabasePath);
        using var store = MetadataStore.Open(DatabasePath);
        string[]? midway = null;
        RefRecord? seen = null;
        store.DeferTogether(() =>
        {
            store.Defer(child, () => store.DeleteRef(parent, "a"));
            // A read applies queued work first (outside a group it would commit the delete on its own here).
            seen = store.GetRef(parent, "a");
            midway = LabelsOnDisk(parent);
            store.Defer(child, () => store.InsertRef(new RefRecord(parent, "b", 2, child)));
        });

        Assert.That(midway, Is.EqualTo(new[] { "a" }), "nothing of the group committed while it was open");
        Assert.That(seen, Is.Not.Null, "a read inside the group sees the store without the group's writes");
        store.FlushDeferred();
        Assert.That(LabelsOnDisk(parent), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Queued_work_cannot_open_a_group_of_its_own()
    {
        var (_, child) = CreateTree(DatabasePath);
        using var store = MetadataStore.Open(DatabasePath);
        Exception? refused = null;
        store.Defer(child, () =>
        {
            try
            {
                store.DeferTogether(() => store.Defer(child, () => { }));
            }
            catch (InvalidOperationException e)
            {
                refused = e;
            }
        });
        store.FlushDeferred();

        Assert.That(refused, Is.Not.Null, "the batch running this work has been taken: a group queued now could be split");
        Assert.That(store.TakeFailure(child), Is.Null, "the work itself carried on and its batch landed");
    }

    /// <summary>A directory (inode returned first) holding one file under the name "a", committed.</summary>
    private static (long Parent, long Child) CreateTree(string path)
    {
        using var store = MetadataStore.Open(path);
        var parent = store.InsertNode(new NodeRecord { Kind = StoredKind.Directory, Mode = 0x1ED, LinkCount = 2, ArtifactId = Blake3.Hash([]), TypeTag = "Directory" });
        var child = store.InsertNode(new NodeRecord { Kind = StoredKind.File, Mode = 0x1A4, LinkCount = 1, ArtifactId = Blake3.Hash([]), TypeTag = "File" });
        store.InsertRef(new RefRecord(parent, "a", 1, child));
        return (parent, child);
    }

    /// <summary>A rename of "a" to "b" as the filesystem queues it: two writes owned by the moving node.</summary>
    private static void QueueRename(MetadataStore store, long parent, long child)
    {
        store.Defer(child, () => store.DeleteRef(parent, "a"));
        store.Defer(child, () => store.InsertRef(new RefRecord(parent, "b", 2, child)));
    }

    /// <summary>The names in <paramref name="parent"/> as committed on disk, read through a connection of its own.</summary>
    private string[] LabelsOnDisk(long parent)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return Labels(connection, null, parent);
    }

    private static string[] Labels(SqliteConnection connection, SqliteTransaction? transaction, long parent)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT label FROM refs WHERE parent = $parent ORDER BY label";
        command.Parameters.AddWithValue("$parent", parent);
        using var reader = command.ExecuteReader();
        var labels = new List<string>();
        while (reader.Read()) labels.Add(reader.GetString(0));
        return labels.ToArray();
    }

    /// <summary>Writes <paramref name="path"/> until the file system says it is full.</summary>
    private static void FillDisk(string path)
    {
        var chunk = new byte[64 * 1024];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true) stream.Write(chunk);
        }
        catch (IOException)
        {
            // Full: what was written stays until the test deletes the file.
        }
        try
        {
            while (true) stream.Write(chunk.AsSpan(0, 1));
        }
        catch (IOException)
        {
            // Not even one more byte.
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{file} {string.Join(' ', arguments)}: {error}");
    }

    /// <summary>The store's log lines, with a wait for one containing a fragment (on signals, not on time).</summary>
    private sealed class LogWatch
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _added = new(0);

        public IEnumerable<string> Lines => _lines;

        public void Add(string line)
        {
            _lines.Enqueue(line);
            _added.Release();
        }

        public void WaitFor(string fragment)
        {
            while (!_lines.Any(l => l.Contains(fragment, StringComparison.Ordinal)))
            {
                Assert.That(_added.Wait(TimeSpan.FromSeconds(10)), Is.True, $"a log line containing \"{fragment}\"; got: {string.Join(" | ", _lines)}");
            }
        }
    }

    /// <summary>Fault injection: a real block store whose deletes fail as a read-only or broken disk would.</summary>
    private sealed class FailingDeletes(IBlockStore inner) : IBlockStore
    {
        public bool Contains(Blake3Hash hash) => inner.Contains(hash);

        public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable) => inner.Put(hash, data, durable);

        public int Read(Blake3Hash hash, long offset, Span<byte> buffer) => inner.Read(hash, offset, buffer);

        public long SizeOf(Blake3Hash hash) => inner.SizeOf(hash);

        public void Sync(Blake3Hash hash) => inner.Sync(hash);

        public void Delete(Blake3Hash hash) => throw new IOException($"block file {hash} could not be deleted");

        public IEnumerable<Blake3Hash> Enumerate() => inner.Enumerate();
    }
}

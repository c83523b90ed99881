using System.Text;
using Indra.FileSystem;
using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Mounting;

/// <summary>
/// One real mount of the in-memory double, driven with System.IO and external programs. Each test works in its own
/// directory of the shared mount. The whole fixture runs twice: requests read from <c>/dev/fuse</c>, and requests
/// served over io_uring (<see cref="MountOptions.IoUring"/>; ignored on a kernel without FUSE over io_uring).
/// </summary>
[TestFixture(false)]
[TestFixture(true)]
[NonParallelizable]
public sealed class SmokeTests(bool ioUring)
{
    private TestMount _mount = null!;

    private MemoryFileSystem FileSystem => _mount.FileSystem;

    [OneTimeSetUp]
    public void Mount()
    {
        if (ioUring && Hosting.Uring.UringSupport.Check(enable: true) is { } why)
        {
            Assert.Ignore($"FUSE over io_uring: {why}");
        }
        _mount = TestMount.Start(ioUring: ioUring);
        var ring = ((FuseMountSession)_mount.Session).Ring;
        if (ioUring)
        {
            Assert.That(ring, Is.Not.Null, "the mount asked for io_uring on a kernel that offers it");
            Assert.That(Poll.Until(() => ring!.Active && ring.LiveEntries == ring.Entries && ring.Entries > 0, TimeSpan.FromSeconds(10)), Is.True, "every ring entry registered");
        }
        else
        {
            Assert.That(ring, Is.Null);
        }
    }

    [OneTimeTearDown]
    public void Unmount()
    {
        if (_mount is null) return;
        var ring = ((FuseMountSession)_mount.Session).Ring;
        long served = ring?.RequestsServed ?? 0;
        _mount.Dispose();
        Assert.That(FileSystem.CountViolations, Is.Empty, "lookup counts went negative");
        if (ring is not null)
        {
            TestContext.Progress.WriteLine($"io_uring: {served} requests served over {ring.Entries} ring entries");
            Assert.That(served, Is.GreaterThan(500), "the fixture's requests came over the ring");
            Assert.That(ring.LiveEntries, Is.Zero, "every ring entry ended with the mount");
        }
    }

    private string NewDirectory()
    {
        string path = _mount.Combine(TestContext.CurrentContext.Test.MethodName ?? "test");
        Directory.CreateDirectory(path);
        return path;
    }

    [Test]
    public void The_mount_is_listed_as_an_indra_fuse_filesystem()
    {
        string line = MountInfo.FuseMounts().Single(entry => entry.Split(' ')[4] == _mount.Path);
        Assert.That(line, Does.Contain(" - fuse.indra indra "));
        Assert.That(line, Does.Contain("default_permissions"));
    }

    [Test]
    public void The_read_ahead_window_spans_a_whole_request()
    {
        // Root may widen the window in /sys/class/bdi; 128 KiB (the INIT ceiling) would split cold reads into 256 KiB READs.
        string device = MountInfo.FuseMounts().Single(entry => entry.Split(' ')[4] == _mount.Path).Split(' ')[2];
        string window = File.ReadAllText($"/sys/class/bdi/{device}/read_ahead_kb").Trim();
        Assert.That(int.Parse(window, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1024));
    }

    [Test]
    public void Writes_and_reads_back_through_System_IO()
    {
        string file = Path.Combine(NewDirectory(), "hello.txt");
        File.WriteAllText(file, "hello, vault");
        Assert.That(File.ReadAllText(file), Is.EqualTo("hello, vault"));
        Assert.That(new FileInfo(file).Length, Is.EqualTo(12));
        Assert.That(File.Exists(file + ".missing"), Is.False);
    }

    [Test]
    public void Echo_and_cat_work_from_a_shell()
    {
        string file = Path.Combine(NewDirectory(), "notes");
        Shell.Ok("sh", "-c", $"echo first > '{file}' && echo second >> '{file}'");
        Assert.That(Shell.Ok("cat", file), Is.EqualTo("first\nsecond\n"));
    }

    [Test]
    public void A_large_file_round_trips_through_the_read_buffers()
    {
        string file = Path.Combine(NewDirectory(), "large.bin");
        byte[] data = new byte[(3 << 20) + 12345];
        new Random(42).NextBytes(data);
        File.WriteAllBytes(file, data);
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(data));
        Assert.That(Shell.Ok("stat", "-c", "%s", file).Trim(), Is.EqualTo(data.Length.ToString()));
    }

    [Test]
    public void Directories_are_created_listed_and_removed()
    {
        string directory = NewDirectory();
        Directory.CreateDirectory(Path.Combine(directory, "a", "b"));
        File.WriteAllText(Path.Combine(directory, "a", "file"), "x");
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(directory, "a")).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "b", "file" }));
        Shell.Result notEmpty = Shell.Run("rmdir", Path.Combine(directory, "a"));
        Assert.That(notEmpty.Error, Does.Contain("Directory not empty"), notEmpty.ToString());
        Shell.Ok("rm", "-r", Path.Combine(directory, "a"));
        Assert.That(Directory.Exists(Path.Combine(directory, "a")), Is.False);
        Assert.That(Shell.Ok("stat", "-c", "%h", directory).Trim(), Is.EqualTo("2"));
    }

    [Test]
    public void Mv_renames_and_replaces()
    {
        string directory = NewDirectory();
        File.WriteAllText(Path.Combine(directory, "one"), "1");
        File.WriteAllText(Path.Combine(directory, "two"), "2");
        Shell.Ok("mv", Path.Combine(directory, "one"), Path.Combine(directory, "three"));
        Shell.Ok("mv", Path.Combine(directory, "three"), Path.Combine(directory, "two"));
        Directory.CreateDirectory(Path.Combine(directory, "sub"));
        Shell.Ok("mv", Path.Combine(directory, "two"), Path.Combine(directory, "sub", "moved"));
        Assert.That(Directory.GetFileSystemEntries(directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "sub" }));
        Assert.That(File.ReadAllText(Path.Combine(directory, "sub", "moved")), Is.EqualTo("1"));
    }

    [Test]
    public void Symbolic_links_are_created_and_read()
    {
        string directory = NewDirectory();
        File.WriteAllText(Path.Combine(directory, "target.txt"), "pointed at");
        Shell.Ok("ln", "-s", "target.txt", Path.Combine(directory, "link"));
        Assert.That(Shell.Ok("readlink", Path.Combine(directory, "link")).Trim(), Is.EqualTo("target.txt"));
        Assert.That(File.ReadAllText(Path.Combine(directory, "link")), Is.EqualTo("pointed at"));
        Assert.That(new FileInfo(Path.Combine(directory, "link")).LinkTarget, Is.EqualTo("target.txt"));
    }

    [Test]
    public void Hard_links_share_the_inode()
    {
        string directory = NewDirectory();
        string original = Path.Combine(directory, "original");
        File.WriteAllText(original, "shared");
        Shell.Ok("ln", original, Path.Combine(directory, "alias"));
        Assert.That(Shell.Ok("stat", "-c", "%h %i", original).Trim(),
            Is.EqualTo(Shell.Ok("stat", "-c", "%h %i", Path.Combine(directory, "alias")).Trim()));
        Assert.That(Shell.Ok("stat", "-c", "%h", original).Trim(), Is.EqualTo("2"));
    }

    [Test]
    public void Extended_attributes_are_set_read_listed_and_removed()
    {
        string file = Path.Combine(NewDirectory(), "tagged");
        File.WriteAllText(file, "x");
        Shell.Ok("setfattr", "-n", "user.color", "-v", "blue", file);
        Shell.Ok("setfattr", "-n", "user.size", "-v", "large", file);
        Assert.That(Shell.Ok("getfattr", "--only-values", "-n", "user.color", file), Is.EqualTo("blue"));
        string dump = Shell.Ok("getfattr", "-d", file);
        Assert.That(dump, Does.Contain("user.color=\"blue\"").And.Contain("user.size=\"large\""));
        Shell.Ok("setfattr", "-x", "user.color", file);
        Shell.Result missing = Shell.Run("getfattr", "-n", "user.color", file);
        Assert.That(missing.Error, Does.Contain("No such attribute"), missing.ToString());
        Shell.Result foreign = Shell.Run("setfattr", "-n", "trusted.thing", "-v", "1", file);
        Assert.That(foreign.Error, Does.Contain("Operation not supported"), foreign.ToString());
    }

    [Test]
    public void Chmod_truncate_and_touch_reach_setattr()
    {
        string file = Path.Combine(NewDirectory(), "attrs");
        File.WriteAllText(file, "0123456789abcdef");
        Shell.Ok("chmod", "600", file);
        Shell.Ok("truncate", "-s", "10", file);
        Shell.Ok("touch", "-m", "-d", "2001-02-03 04:05:06 UTC", file);
        Assert.That(Shell.Ok("stat", "-c", "%a %s %Y", file).Trim(), Is.EqualTo("600 10 981173106"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("0123456789"));
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(4);
        }
        Assert.That(File.ReadAllText(file), Is.EqualTo("0123"));
    }

    [Test]
    public void Statfs_reports_the_filesystem_figures()
    {
        Assert.That(Shell.Ok("stat", "-f", "-c", "%S %b %f %a %c %l", _mount.Path).Trim(),
            Is.EqualTo($"4096 1000000 750000 700000 1000000 {MemoryFileSystem.MaxNameBytes}"));
    }

    [Test]
    public void Mknod_makes_regular_files_through_create_and_special_files_through_make_node()
    {
        string directory = NewDirectory();
        Shell.Ok("mkfifo", "-m", "0640", Path.Combine(directory, "pipe"));
        Shell.Ok("mknod", "-m", "0600", Path.Combine(directory, "zero"), "c", "1", "5");
        Assert.That(Shell.Ok("stat", "-c", "%F %a %t:%T", Path.Combine(directory, "pipe"), Path.Combine(directory, "zero")),
            Is.EqualTo("fifo 640 0:0\ncharacter special file 600 1:5\n"));
        if (Shell.Exists("python3"))
        {
            Shell.Ok("python3", "-c", $"import os; os.mknod('{Path.Combine(directory, "plain")}')");
            Assert.That(Shell.Ok("stat", "-c", "%F %s", Path.Combine(directory, "plain")).Trim(), Is.EqualTo("regular empty file 0"));
        }
    }

    [Test]
    public void Ls_l_counts_lookups_exactly()
    {
        string directory = NewDirectory();
        ulong parent = FileSystem.Resolve(Path.GetFileName(directory));
        // Created underneath, so that every lookup reference the kernel holds comes from this listing. 300 entries
        // of about 216 bytes each need several readdirplus calls (the kernel asks for 4-32 KiB), so the sink has to
        // refuse the entry that no longer fits, before the filesystem counts it.
        const int count = 300;
        ulong[] inodes = [.. Enumerable.Range(0, count).Select(i => FileSystem.CreateUnderneath(parent, $"entry-{i:D3}-{new string('x', 50)}", "data"))];
        string listing = Shell.Ok("ls", "-l", directory);
        Assert.That(listing.Split('\n').Count(line => line.Contains("entry-", StringComparison.Ordinal)), Is.EqualTo(count));
        Assert.That(inodes.Select(FileSystem.LookupCount), Has.All.GreaterThan(0), "readdirplus/lookup took no reference");
        Assert.That(FileSystem.CountViolations, Is.Empty);

        // Make the kernel evict its dentries and inodes: it sends a FORGET for every reference it holds.
        File.WriteAllText("/proc/sys/vm/drop_caches", "2");
        bool allForgotten = Poll.Until(() => inodes.All(inode => FileSystem.LookupCount(inode) == 0), TimeSpan.FromSeconds(10));
        Assert.That(allForgotten, Is.True,
            $"counts still held: {string.Join(", ", inodes.Select(FileSystem.LookupCount).Where(count => count != 0))}");
        Assert.That(FileSystem.CountViolations, Is.Empty);
    }

    [Test]
    public void An_exception_in_the_filesystem_becomes_EIO_and_the_mount_survives()
    {
        string directory = NewDirectory();
        File.WriteAllText(Path.Combine(directory, "fine"), "ok");
        FileSystem.ThrowOnLookupName = "boom";
        try
        {
            Shell.Result result = Shell.Run("stat", Path.Combine(directory, "boom"));
            Assert.That(result.Error, Does.Contain("Input/output error"), result.ToString());
        }
        finally
        {
            FileSystem.ThrowOnLookupName = null;
        }
        Assert.That(_mount.Log, Has.Some.Contains("fuse lookup: unexpected exception, replying EIO"));
        Assert.That(File.ReadAllText(Path.Combine(directory, "fine")), Is.EqualTo("ok"));
    }

    /// <summary>
    /// An allocation failure, an exhausted stack, or an exception that cannot even be formatted for the log: each
    /// answers that request EIO and the mount serves the next one.
    /// </summary>
    [TestCase("out-of-memory")]
    [TestCase("no-stack")]
    [TestCase("unformattable")]
    public void An_allocation_failure_in_one_request_is_EIO_and_the_mount_serves_the_next(string failure)
    {
        string directory = NewDirectory();
        File.WriteAllText(Path.Combine(directory, "fine"), "ok");
        FileSystem.ThrowOnLookupName = failure;
        FileSystem.LookupFailure = failure switch
        {
            "out-of-memory" => () => new OutOfMemoryException("test double: no memory"),
            "no-stack" => () => new InsufficientExecutionStackException("test double: no stack"),
            _ => () => new UnformattableException(),
        };
        try
        {
            Shell.Result result = Shell.Run("stat", Path.Combine(directory, failure));
            Assert.That(result.Error, Does.Contain("Input/output error"), result.ToString());
        }
        finally
        {
            FileSystem.ThrowOnLookupName = null;
            FileSystem.LookupFailure = null;
        }
        Assert.That(_mount.Log, Has.Some.Contains("fuse lookup: unexpected exception").Or.Contains("could not be formatted"));
        Assert.That(File.ReadAllText(Path.Combine(directory, "fine")), Is.EqualTo("ok"));
        File.WriteAllText(Path.Combine(directory, "after"), "served");
        Assert.That(File.ReadAllText(Path.Combine(directory, "after")), Is.EqualTo("served"));
    }

    /// <summary>An exception whose text cannot be made, as when memory ran out while formatting it.</summary>
    private sealed class UnformattableException : Exception
    {
        public override string ToString() => throw new OutOfMemoryException("test double: formatting failed");
    }

    /// <summary>
    /// Through an open descriptor (no open, so no open-time revalidation), with the content replaced underneath at
    /// the same size and mtime: attribute refreshes cannot reveal the change, so the kernel keeps serving its cached
    /// pages until the host's invalidation drops them. Independent of timing.
    /// </summary>
    [Test]
    public void Invalidating_an_inode_drops_cached_pages()
    {
        string file = Path.Combine(NewDirectory(), "cached-content");
        File.WriteAllText(file, "old content 1");
        ulong inode = FileSystem.Resolve($"{Path.GetFileName(Path.GetDirectoryName(file))}/cached-content");
        using var handle = File.OpenHandle(file);
        Assert.That(ReadAt(handle), Is.EqualTo("old content 1"));

        FileSystem.ReplaceContentUnderneath(inode, "new content 2", keepModifyTime: true);
        Assert.That(ReadAt(handle), Is.EqualTo("old content 1"), "the page cache should still serve the old bytes");

        FileSystem.InvalidationSink!.InvalidateInode(inode);
        Assert.That(Poll.Until(() => ReadAt(handle) == "new content 2", TimeSpan.FromSeconds(5)), Is.True);
    }

    private static string ReadAt(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        byte[] buffer = new byte[64];
        int read = RandomAccess.Read(handle, buffer, fileOffset: 0);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// A failed lookup is cached as a negative entry for 1 s; a name created underneath becomes visible as soon as
    /// it is invalidated. The "still cached" step is only meaningful inside that second, so on a machine too loaded
    /// to get there in time it is reported as a warning instead of a failure.
    /// </summary>
    [Test]
    public void Invalidating_an_entry_drops_a_negative_dentry()
    {
        string directory = NewDirectory();
        ulong parent = FileSystem.Resolve(Path.GetFileName(directory));
        string ghost = Path.Combine(directory, "ghost");
        var sinceNegativeLookup = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(File.Exists(ghost), Is.False);

        FileSystem.CreateUnderneath(parent, "ghost", "boo");
        bool stillHidden = !File.Exists(ghost);
        if (sinceNegativeLookup.Elapsed < TimeSpan.FromMilliseconds(800))
        {
            Assert.That(stillHidden, Is.True, "the negative entry should still be cached");
        }
        else
        {
            Assert.Warn($"the negative entry was checked after {sinceNegativeLookup.ElapsedMilliseconds} ms, past its timeout");
        }

        var sinceInvalidation = System.Diagnostics.Stopwatch.StartNew();
        FileSystem.InvalidationSink!.InvalidateEntry(parent, "ghost");
        Assert.That(Poll.Until(() => File.Exists(ghost), TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(File.ReadAllText(ghost), Is.EqualTo("boo"));
        TestContext.Progress.WriteLine($"entry visible {sinceInvalidation.ElapsedMilliseconds} ms after the invalidation");
    }

    [Test]
    public void Invalidating_what_the_kernel_never_cached_is_quiet()
    {
        var session = (FuseMountSession)_mount.Session;
        long before = session.InvalidationsSent;
        FileSystem.InvalidationSink!.InvalidateInode(987_654_321);
        FileSystem.InvalidationSink!.InvalidateEntry(ReservedInodes.Root, "never-looked-up");
        Assert.That(Poll.Until(() => session.InvalidationsSent >= before + 2, TimeSpan.FromSeconds(5)), Is.True, "both invalidations reach the kernel");
        Assert.That(_mount.Log, Has.None.Contains("invalidate"));
    }

    [Test]
    public void Non_ascii_names_round_trip()
    {
        string directory = NewDirectory();
        string name = "Grüße-日本語-🙂.txt";
        File.WriteAllText(Path.Combine(directory, name), "unicode");
        Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EqualTo(new[] { name }));
        Assert.That(Shell.Ok("ls", directory).Trim(), Is.EqualTo(name));
        Assert.That(Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, name))), Is.EqualTo("unicode"));
    }

    [Test]
    public void Handles_are_released_after_use()
    {
        string file = Path.Combine(NewDirectory(), "handles");
        for (int i = 0; i < 5; i++)
        {
            File.WriteAllText(file, $"round {i}");
            Assert.That(File.ReadAllText(file), Is.EqualTo($"round {i}"));
            _ = Directory.GetFiles(Path.GetDirectoryName(file)!);
        }
        Assert.That(Poll.Until(() => FileSystem.OpenFileHandles == 0 && FileSystem.OpenDirectoryHandles == 0,
            TimeSpan.FromSeconds(5)), Is.True, "release/releasedir did not arrive for every handle");
    }
}

using System.Security.Cryptography;
using Indra.Platform.Fuse.Hosting.Uring;
using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Mounting;

/// <summary>
/// FUSE over io_uring on its own: requests whose arguments fill the payload (1 MiB writes, names, xattr values) and
/// replies that do (1 MiB reads, xattr values, listings), requests from many threads at once, errors, and mounts that
/// come and go in one process (the entries' buffers are freed only after the kernel let go of them). Ignored on a
/// kernel without FUSE over io_uring.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class IoUringTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [OneTimeSetUp]
    public void RequireKernelSupport()
    {
        if (UringSupport.Check(enable: true) is { } why)
        {
            Assert.Ignore($"FUSE over io_uring: {why}");
        }
    }

    private static (TestMount Mount, FuseRing Ring) Start()
    {
        var mount = TestMount.Start(ioUring: true);
        var ring = ((FuseMountSession)mount.Session).Ring!;
        Assert.That(ring, Is.Not.Null);
        Assert.That(Poll.Until(() => ring.Active && ring.LiveEntries == ring.Entries, Generous), Is.True, "every entry registered");
        Assert.That(ring.Entries, Is.EqualTo(UringSupport.PossibleCpus() * 2), "two entries for each possible CPU");
        return (mount, ring);
    }

    [Test]
    public void Large_writes_and_reads_pass_whole_through_the_entries()
    {
        var (mount, ring) = Start();
        using (mount)
        {
            long before = ring.RequestsServed;
            var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 12345);
            string path = mount.Combine("large.bin");
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                // 1 MiB write(2)s: each a WRITE request whose payload fills an entry.
                for (int offset = 0; offset < content.Length; offset += 1 << 20)
                {
                    stream.Write(content, offset, Math.Min(1 << 20, content.Length - offset));
                }
            }
            Assert.That(new FileInfo(path).Length, Is.EqualTo(content.Length));
            // Past the kernel's page cache: direct reads are READ requests of exactly the size asked for.
            Shell.Ok("sh", "-c", "echo 3 > /proc/sys/vm/drop_caches");
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(content), "read back whole");
            Assert.That(ring.RequestsServed - before, Is.GreaterThanOrEqualTo(4 + 4), "the writes and reads were served over the ring");
        }
    }

    [Test]
    public void Names_xattr_values_and_listings_go_both_ways()
    {
        var (mount, _) = Start();
        using (mount)
        {
            string directory = mount.Combine("dir");
            Directory.CreateDirectory(directory);
            var names = Enumerable.Range(0, 300).Select(i => $"entry-{i:D4}-{new string('x', i % 200)}").ToList();
            foreach (var name in names) File.WriteAllText(Path.Combine(directory, name), name);
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(names.Order(StringComparer.Ordinal)), "a listing over several READDIRPLUS replies");
            foreach (var name in names.Take(50)) Assert.That(File.ReadAllText(Path.Combine(directory, name)), Is.EqualTo(name));

            string file = Path.Combine(directory, names[7]);
            string value = new('v', 3000);
            Shell.Ok("setfattr", "-n", "user.big", "-v", value, file);
            Assert.That(Shell.Ok("getfattr", "--only-values", "-n", "user.big", file), Is.EqualTo(value), "GETXATTR: a name in the request, a value in the reply");
            File.Move(file, Path.Combine(directory, "renamed"));
            Assert.That(File.Exists(Path.Combine(directory, "renamed")), Is.True, "RENAME: two names in the payload");
            File.CreateSymbolicLink(Path.Combine(directory, "link"), "renamed");
            Assert.That(new FileInfo(Path.Combine(directory, "link")).LinkTarget, Is.EqualTo("renamed"));
        }
    }

    [Test]
    public void Errors_are_the_native_filesystems()
    {
        var (mount, _) = Start();
        string native = Directory.CreateTempSubdirectory("indra-uring-native-").FullName;
        using (mount)
        {
            try
            {
                foreach (string root in new[] { native, mount.Path })
                {
                    Directory.CreateDirectory(Path.Combine(root, "full"));
                    File.WriteAllText(Path.Combine(root, "full", "f"), "x");
                }
                // The same failing calls in both: the shell prints the same message for the same errno.
                string script = "cd \"$1\"; cat missing; mkdir full; rmdir full; ls full/f/x; ln -s a full/f; true";
                string expected = Shell.Run("sh", "-c", script, "sh", native).Error.Replace(native, "ROOT", StringComparison.Ordinal);
                string actual = Shell.Run("sh", "-c", script, "sh", mount.Path).Error.Replace(mount.Path, "ROOT", StringComparison.Ordinal);
                Assert.That(actual, Is.EqualTo(expected));
                Assert.That(expected, Does.Contain("No such file").And.Contain("File exists").And.Contain("not empty"));
            }
            finally
            {
                Directory.Delete(native, recursive: true);
            }
        }
    }

    [Test]
    public void Many_threads_at_once_each_see_their_own_bytes()
    {
        var (mount, ring) = Start();
        using (mount)
        {
            long before = ring.RequestsServed;
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
            {
                string directory = mount.Combine($"w{worker}");
                Directory.CreateDirectory(directory);
                for (int i = 0; i < 150; i++)
                {
                    string path = Path.Combine(directory, $"f{i}");
                    var bytes = RandomNumberGenerator.GetBytes(1 + (i * 997 % 70_000));
                    File.WriteAllBytes(path, bytes);
                    if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) failures.Add(path);
                    if (i % 3 == 0) File.Delete(path);
                }
            });
            Assert.That(failures, Is.Empty);
            Assert.That(Directory.GetFiles(mount.Combine("w3")), Has.Length.EqualTo(100));
            Assert.That(ring.RequestsServed - before, Is.GreaterThan(8 * 150 * 4), "served over the ring");
        }
    }

    [Test]
    public void Releases_that_wait_hold_up_no_request_and_are_all_done_before_the_final_flush()
    {
        var (mount, ring) = Start();
        using (mount)
        {
            using var gate = new ManualResetEventSlim(false);
            mount.FileSystem.ReleaseGate = gate;
            // Twelve closed files whose releases cannot finish: more than the ring has entries on this CPU's queue.
            for (int i = 0; i < 12; i++) File.WriteAllText(mount.Combine($"held{i}"), $"held {i}");
            var others = Task.Run(() =>
            {
                for (int i = 0; i < 50; i++)
                {
                    Directory.CreateDirectory(mount.Combine($"more{i}"));
                    _ = new DirectoryInfo(mount.Combine($"more{i}")).Attributes;
                }
            });
            Assert.That(others.Wait(Generous), Is.True, "requests after the held releases were answered while those wait");
            gate.Set();
            Assert.That(mount.Session.Unmount(Generous), Is.True);
            Assert.That(mount.FileSystem.FlushAllCount, Is.EqualTo(1));
            Assert.That(mount.FileSystem.HandlesOpenAtFlushAll, Is.Zero, "every release was done before the final flush");
            Assert.That(ring.LiveEntries, Is.Zero);
        }
    }

    [Test]
    public unsafe void Entries_that_never_registered_are_counted_as_ended_when_the_ring_stops()
    {
        // A ring stopped before its entries were told to register (the connection ended first, or a thread was not
        // scheduled until after the unmount): each entry returns without ever entering the kernel, and must still be
        // taken off the count of live entries, or the mount's teardown waits on it in vain.
        var ring = new FuseRing(session: 0, deviceFd: -1, queues: 2, workersPerQueue: 2, new Indra.Platform.Fuse.Hosting.FuseLog(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        var initOut = stackalloc byte[64];
        new Span<byte>(initOut, 64).Clear();
        *(uint*)(initOut + 12) = 1u << 30;    // flags: FUSE_INIT_EXT, so flags2 is valid
        *(uint*)(initOut + 20) = 1 << 20;     // max_write
        Assert.That(ring.AmendInitReply(initOut, 64), Is.True);
        Assert.That(ring.LiveEntries, Is.EqualTo(4));
        ring.Stop(Generous);
        Assert.That(ring.LiveEntries, Is.Zero);
        Assert.That(ring.Active, Is.False);
    }

    [Test]
    public void Mounts_come_and_go_and_each_ends_its_entries()
    {
        for (int round = 0; round < 3; round++)
        {
            var (mount, ring) = Start();
            using (mount)
            {
                File.WriteAllText(mount.Combine("round"), $"round {round}");
                Assert.That(File.ReadAllText(mount.Combine("round")), Is.EqualTo($"round {round}"));
                Assert.That(mount.Session.Unmount(Generous), Is.True);
                Assert.That(mount.Session.Completion.IsCompletedSuccessfully, Is.True);
                Assert.That(ring.LiveEntries, Is.Zero, "each entry ended with the connection");
                Assert.That(MountInfo.IsMounted(mount.Path), Is.False);
            }
        }
    }
}

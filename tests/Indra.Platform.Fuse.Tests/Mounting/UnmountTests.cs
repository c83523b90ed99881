using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Mounting;

/// <summary>Every way a mount can end: Unmount, Dispose, an external umount, and a busy lazy unmount.</summary>
[TestFixture]
[NonParallelizable]
public sealed class UnmountTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Test]
    public void Unmount_flushes_removes_the_mount_and_is_idempotent()
    {
        using var mount = TestMount.Start();
        File.WriteAllText(mount.Combine("file"), "data");
        Assert.That(mount.FileSystem.InvalidationSink, Is.SameAs(mount.Session));

        Assert.That(mount.Session.Unmount(Generous), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(mount.Session.Completion.IsCompletedSuccessfully, Is.True);
            Assert.That(mount.FileSystem.FlushAllCount, Is.EqualTo(1));
            Assert.That(mount.FileSystem.InvalidationSink, Is.Null);
            Assert.That(MountInfo.IsMounted(mount.Path), Is.False);
            Assert.That(mount.Session.Unmount(TimeSpan.Zero), Is.True, "a second Unmount reports the mount ended");
            Assert.That(mount.FileSystem.FlushAllCount, Is.EqualTo(1), "FlushAll runs once");
            Assert.That(mount.FileSystem.CountViolations, Is.Empty);
        });
    }

    [Test]
    public void Dispose_unmounts()
    {
        using var mount = TestMount.Start();
        mount.Session.Dispose();
        Assert.That(mount.Session.Completion.IsCompleted, Is.True);
        Assert.That(MountInfo.IsMounted(mount.Path), Is.False);
        Assert.That(mount.FileSystem.FlushAllCount, Is.EqualTo(1));
    }

    [Test]
    public void An_external_umount_completes_the_session_and_flushes()
    {
        using var mount = TestMount.Start();
        File.WriteAllText(mount.Combine("file"), "data");
        Shell.Ok("umount", mount.Path);

        Assert.That(mount.Session.Completion.Wait(Generous), Is.True, "Completion did not complete after umount");
        Assert.That(mount.FileSystem.FlushAllCount, Is.EqualTo(1));
        Assert.That(mount.Session.Unmount(TimeSpan.Zero), Is.True);
    }

    [Test]
    public void An_external_fusermount_unmount_completes_the_session()
    {
        using var mount = TestMount.Start();
        Shell.Ok("fusermount3", "-u", mount.Path);
        Assert.That(mount.Session.Completion.Wait(Generous), Is.True);
        Assert.That(mount.FileSystem.FlushAllCount, Is.EqualTo(1));
    }

    [Test]
    public void A_busy_mount_detaches_at_once_and_ends_when_the_last_file_closes()
    {
        using var mount = TestMount.Start();
        string file = mount.Combine("open-file");
        File.WriteAllText(file, "still open");
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read);
        try
        {
            Assert.That(mount.Session.Unmount(TimeSpan.FromMilliseconds(300)), Is.False, "an open file keeps the connection");
            Assert.That(MountInfo.IsMounted(mount.Path), Is.False, "the mount left the namespace at once");
            Assert.That(mount.FileSystem.FlushAllCount, Is.Zero, "FlushAll waits for the last request");
            using var reader = new StreamReader(stream, leaveOpen: true);
            Assert.That(reader.ReadToEnd(), Is.EqualTo("still open"), "the open file still works");
        }
        finally
        {
            stream.Dispose();
        }
        Assert.That(mount.Session.Completion.Wait(Generous), Is.True, "closing the last file ends the mount");
        // The RELEASE of that last file is queued asynchronously while the superblock dies, and the kernel aborts
        // the connection with it still pending, so the filesystem may never see it: FlushAll must (and does) run.
        Assert.That(mount.FileSystem.FlushAllCount, Is.EqualTo(1));
    }

    [Test]
    public void Two_mounts_live_side_by_side()
    {
        using var first = TestMount.Start();
        using var second = TestMount.Start();
        File.WriteAllText(first.Combine("which"), "first");
        File.WriteAllText(second.Combine("which"), "second");
        Assert.That(File.ReadAllText(first.Combine("which")), Is.EqualTo("first"));
        Assert.That(File.ReadAllText(second.Combine("which")), Is.EqualTo("second"));
        Assert.That(first.Session.Unmount(Generous), Is.True);
        Assert.That(File.ReadAllText(second.Combine("which")), Is.EqualTo("second"), "the other mount keeps serving");
    }
}

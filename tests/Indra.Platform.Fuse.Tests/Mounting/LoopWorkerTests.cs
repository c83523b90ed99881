using Indra.FileSystem;
using Indra.Platform.Fuse.Tests.Support;
using Indra.Tests.Shared;

namespace Indra.Platform.Fuse.Tests.Mounting;

/// <summary>
/// libfuse's loop against a request that waits inside the filesystem (as a read of a block fetched from a peer does):
/// with two or more workers allowed (<see cref="MountOptions.MaxThreads"/>) the loop starts another worker and the
/// mount keeps serving; with one, everything waits behind that request.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LoopWorkerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Test]
    public void With_two_workers_a_read_held_in_the_filesystem_leaves_the_mount_serving()
    {
        using var mount = TestMount.Start(maxThreads: 2);
        using var gate = new ManualResetEventSlim(false);
        var heldRead = HoldARead(mount, gate);
        try
        {
            var other = Task.Run(() =>
            {
                File.WriteAllText(mount.Combine("other"), "served");
                return Directory.GetFileSystemEntries(mount.Path).Length;
            });

            Assert.That(other.Wait(Generous), Is.True, "a create and a listing were not answered while one read waited");
            Assert.That(other.Result, Is.EqualTo(2));
        }
        finally
        {
            gate.Set();
        }
        Assert.That(heldRead.Wait(Generous), Is.True, "the held read did not finish once let go");
        Assert.That(heldRead.Result, Is.EqualTo("held back"));
    }

    [Test]
    public void With_one_worker_a_read_held_in_the_filesystem_holds_up_the_mount()
    {
        using var mount = TestMount.Start(maxThreads: 1);
        using var gate = new ManualResetEventSlim(false);
        var heldRead = HoldARead(mount, gate);
        Task<bool> other;
        try
        {
            other = Task.Run(() => File.Exists(mount.Combine("other")));

            Assert.That(other.Wait(TimeSpan.FromMilliseconds(500)), Is.False, "the one worker answered while it was held (the test would not show anything)");
        }
        finally
        {
            gate.Set();
        }
        Assert.That(other.Wait(Generous) && heldRead.Wait(Generous), Is.True, "the requests did not finish once the read was let go");
    }

    /// <summary>Starts reading a file made underneath (no page of it is cached, so the read reaches the filesystem)
    /// and returns once that read waits on <paramref name="gate"/> inside the filesystem, holding one worker.</summary>
    private static Task<string> HoldARead(TestMount mount, ManualResetEventSlim gate)
    {
        mount.FileSystem.CreateUnderneath(ReservedInodes.Root, "slow", "held back");
        mount.FileSystem.ReadGate = gate;
        var read = Task.Run(() => File.ReadAllText(mount.Combine("slow")));
        Wait.Until(() => mount.FileSystem.ReadsWaiting == 1, "the read to wait inside the filesystem");
        return read;
    }
}

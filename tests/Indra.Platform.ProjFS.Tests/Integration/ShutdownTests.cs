using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>
/// Unmount order: the write-back worker and the vault-change monitor stop before PrjStopVirtualizing, and nothing of
/// the host calls ProjFS while it stops or after it returned.
/// </summary>
[TestFixture]
public sealed class ShutdownTests
{
    [Test]
    public void TheWorkersStopBeforeVirtualizationAndNoHostCallFollowsIt()
    {
        using var mount = new MountedVault();
        mount.Interposed = new InterposedProjFsApi(mount.Emulator);
        mount.Vault.WriteFile("vault/a.txt", "one");
        var session = mount.Mount();
        mount.Emulator.ReadAll("vault\\a.txt");
        mount.Settle();

        using var gate = mount.Interposed.BlockOnDiskState("a.txt");
        session.InvalidationSink.InvalidateInode(mount.Vault.WriteFile("vault/a.txt", "two"));
        Wait.Until(() => mount.Interposed.Blocked, "the monitor to be inside PrjGetOnDiskFileState");

        var unmount = Task.Run(() => session.Unmount(TimeSpan.FromSeconds(10)));
        Wait.Until(() => session.WorkersStopping || unmount.IsCompleted, "the unmount to begin stopping the workers");
        Assert.That(mount.Emulator.IsActive, Is.True, "virtualization still runs while a host call is in flight");
        gate.Set();
        Assert.That(unmount.Wait(TimeSpan.FromSeconds(20)), Is.True);

        Assert.That(mount.Interposed.ShutdownViolations, Is.Empty);
        Assert.That(mount.Emulator.IsActive, Is.False);
        Assert.That(session.Completion.IsCompleted, Is.True);
    }
}

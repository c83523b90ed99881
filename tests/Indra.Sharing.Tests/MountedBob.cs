using Indra.FileSystem;
using Indra.Platform.Fuse;

namespace Indra.Sharing.Tests;

/// <summary>
/// <see cref="PairedVaults"/> with bob's vault mounted through real FUSE at ROOT/mnt-bob and his sharing restarted
/// with the mount point and his views attached, as the mount daemon runs them. Ignores the test when FUSE is not
/// available; disposing unmounts, then removes both vaults.
/// </summary>
internal sealed class MountedBob : IDisposable
{
    private readonly IMountSession _mount;

    private MountedBob(PairedVaults vaults, string mountPoint, IMountSession mount)
    {
        Vaults = vaults;
        MountPoint = mountPoint;
        _mount = mount;
    }

    internal PairedVaults Vaults { get; }

    /// <summary>Where bob's vault is mounted.</summary>
    internal string MountPoint { get; }

    internal static MountedBob Start()
    {
        var host = new FuseHost(Indra.Tests.Shared.LineLoggerProvider.Factory(line => TestContext.Progress.WriteLine("fuse: " + line)));
        if (!host.IsAvailable(out var reason)) Assert.Ignore("FUSE is not available: " + reason);
        var vaults = new PairedVaults();
        var mountPoint = Path.Combine(vaults.Root, "mnt-bob");
        Directory.CreateDirectory(mountPoint);
        var mount = host.Mount(vaults.Bob.Fs, new MountOptions(mountPoint, MaxThreads: 4));
        // As the mount daemon does: start sharing once mounted, with the mount point, and attach the views.
        vaults.Bob.StartMounted(mountPoint);
        return new MountedBob(vaults, mountPoint, mount);
    }

    public void Dispose()
    {
        _mount.Unmount(TimeSpan.FromSeconds(10));
        _mount.Dispose();
        Vaults.Dispose();
    }
}

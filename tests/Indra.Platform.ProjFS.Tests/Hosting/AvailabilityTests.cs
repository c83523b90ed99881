using Indra.FileSystem;
using Indra.Platform.ProjFS.Native;

namespace Indra.Platform.ProjFS.Tests.Hosting;

/// <summary>Platform choice: IsAvailable and its reasons (issue item 4).</summary>
[TestFixture]
public sealed class AvailabilityTests
{
    [Test]
    public void TheHostIsNamedProjfs() => Assert.That(new ProjFsHost().Name, Is.EqualTo("projfs"));

    [Test]
    [Platform(Exclude = "Win", Reason = "checks the non-Windows answer")]
    public void NotAvailableOffWindows()
    {
        var host = new ProjFsHost();
        Assert.That(host.IsAvailable(out var reason), Is.False);
        Assert.That(reason, Is.EqualTo("ProjFS is Windows-only"));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "checks the non-Windows answer")]
    public void MountingOffWindowsFailsWithTheReason()
    {
        using var dir = new Support.TempDirectory();
        var host = new ProjFsHost();
        var error = Assert.Throws<MountException>(() => host.Mount(Unused(), new MountOptions(Path.Combine(dir.Path, "root"))));
        Assert.That(error!.Message, Is.EqualTo("ProjFS is Windows-only"));
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "root")), Is.False, "nothing was created");
    }

    [Test]
    public void AMissingDllTellsHowToEnableTheFeature()
    {
        var available = ProjFsAvailability.Check(isWindows: true, () => true, () => false, out var reason);
        Assert.That(available, Is.False);
        Assert.That(reason, Does.Contain("Enable-WindowsOptionalFeature -Online -FeatureName Client-ProjFS -NoRestart"));
        Assert.That(reason, Does.Contain("elevated PowerShell"));
        Assert.That(reason, Does.Contain("ProjectedFSLib.dll"));
    }

    [Test]
    public void OldWindowsBuildsAreRefused()
    {
        var probed = false;
        Assert.That(ProjFsAvailability.Check(true, () => false, () => probed = true, out var reason), Is.False);
        Assert.That(reason, Does.Contain("17763"));
        Assert.That(probed, Is.False, "the DLL is not even probed");
    }

    [Test]
    public void AvailableWhenEverythingIsThere()
    {
        Assert.That(ProjFsAvailability.Check(true, () => true, () => true, out var reason), Is.True);
        Assert.That(reason, Is.Empty);
    }

    [Test]
    public void RelativeMountPointsAreRefused()
    {
        using var dir = new Support.TempDirectory();
        var host = new ProjFsHost(new Emulator.EmulatorApiFactory(new Emulator.ProjFsEmulator(dir.Path)));
        Assert.Throws<MountException>(() => host.Mount(Unused(), new MountOptions("relative\\root")));
    }

    /// <summary>A file system the mount must fail before touching.</summary>
    private static IVaultFileSystem Unused() => System.Reflection.DispatchProxy.Create<IVaultFileSystem, ThrowingProxy>();

    /// <summary>Throws on any call.</summary>
    public class ThrowingProxy : System.Reflection.DispatchProxy
    {
        /// <inheritdoc />
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.Name} must not be called");
    }
}

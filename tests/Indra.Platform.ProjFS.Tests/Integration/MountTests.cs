using Indra.FileSystem;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>Mounting and unmounting.</summary>
[TestFixture]
public sealed class MountTests
{
    [Test]
    public void ARootWithForeignFilesIsRefusedTheFirstTime()
    {
        using var mount = new MountedVault();
        File.WriteAllText(Path.Combine(mount.Emulator.RootDirectory, "foreign.txt"), "x");
        var error = Assert.Throws<MountException>(() => mount.Mount())!;
        Assert.That(error.Message, Does.Contain("not empty"));
    }

    [Test]
    public void ASecondHostOnTheSameRootIsRefused()
    {
        using var mount = new MountedVault();
        mount.Mount();
        var second = new ProjFsHost(new EmulatorApiFactory(mount.Emulator), new ProjFsHostOptions { StateDirectory = mount.StateDirectory });
        var error = Assert.Throws<MountException>(() => second.Mount(mount.FileSystem, new MountOptions(mount.Emulator.RootDirectory)))!;
        Assert.That(error.Message, Does.Contain("already being served"));
    }

    [Test]
    public void RemountingKeepsTheRootAndItsLocalFiles()
    {
        using var mount = new MountedVault();
        mount.Vault.WriteFile("vault/a.txt", "a");
        mount.Mount();
        mount.Emulator.WriteAll("vault\\local.txt", "kept"u8);
        Assert.That(mount.Session.Unmount(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(mount.Session.Unmount(TimeSpan.FromSeconds(1)), Is.True, "idempotent");
        mount.Mount();
        Assert.That(mount.Emulator.ReadAll("vault\\local.txt"), Is.EqualTo("kept"u8.ToArray()));
        Assert.That(mount.Emulator.ReadAll("vault\\a.txt"), Is.EqualTo("a"u8.ToArray()));
    }

    [Test]
    public void StartFailuresBecomeMountExceptions()
    {
        using var mount = new MountedVault();
        using var other = new TempDirectory();
        var outer = new ProjFsEmulator(Path.GetDirectoryName(mount.Emulator.RootDirectory)!);
        outer.MarkDirectoryAsPlaceholder(outer.RootDirectory, null, null, Guid.NewGuid());
        Assert.That(outer.StartVirtualizing(outer.RootDirectory, new Support.ScriptedProvider(outer), new Api.VirtualizationOptions(0, 0, 0, [])), Is.Zero);
        try
        {
            var error = Assert.Throws<MountException>(() => mount.Mount())!;
            Assert.That(error.Message, Does.Contain("nested"));
        }
        finally
        {
            outer.StopVirtualizing();
        }
    }
}

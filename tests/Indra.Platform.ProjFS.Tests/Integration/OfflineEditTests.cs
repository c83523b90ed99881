using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>
/// Edits made while no provider runs: ProjFS notifies nothing then, yet full files stay writable and full folders
/// take new files. The next mount finds them by the persisted list of full files (size, write time, base version)
/// and a walk for new files, and writes them back; none is reported as a vault change.
/// </summary>
[TestFixture]
public sealed class OfflineEditTests
{
    private MountedVault _mount = null!;

    private ProjFsEmulator Windows => _mount.Emulator;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/docs/a.txt", "alpha");
        _mount.Vault.WriteFile("vault/docs/b.txt", "bravo");
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void EditsToAHydratedFileAndANewFileMadeWhileUnmountedAreWrittenBackAtTheNextMount()
    {
        _mount.Mount();
        Windows.ReadAll("vault\\docs\\a.txt");
        Windows.CreateDirectory("vault\\mine");
        Windows.WriteAll("vault\\mine\\kept.txt", "online"u8);
        _mount.Settle();
        _mount.Session.Unmount(TimeSpan.FromSeconds(10));

        using (var handle = Windows.OpenWrite("vault\\docs\\a.txt"))
        {
            handle.Write(0, "ALPHA, edited offline"u8);
        }

        Windows.WriteAll("vault\\mine\\new.txt", "created offline"u8);
        Windows.CreateDirectory("vault\\mine\\deeper");
        Windows.WriteAll("vault\\mine\\deeper\\x.txt", "deeper"u8);
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("alpha"), "nothing reached the vault while unmounted");

        _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("ALPHA, edited offline"));
        Assert.That(_mount.Vault.ReadText("vault/mine/new.txt"), Is.EqualTo("created offline"));
        Assert.That(_mount.Vault.ReadText("vault/mine/deeper/x.txt"), Is.EqualTo("deeper"));
        Assert.That(_mount.Session.ConflictCount, Is.Zero, "an offline edit is not a vault change: " + _mount.LogText);
        Assert.That(_mount.LogText, Does.Not.Contain("changed in the vault"));
    }

    [Test]
    public void AFileEditedAgainOfflineAfterItsWriteBackIsFoundByItsSizeAndWriteTime()
    {
        _mount.Mount();
        Windows.WriteAll("vault\\docs\\b.txt", "first edit, written back"u8);
        _mount.Settle();
        _mount.Session.Unmount(TimeSpan.FromSeconds(10));

        Windows.WriteAll("vault\\docs\\b.txt", "second edit, offline"u8);

        _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/b.txt"), Is.EqualTo("second edit, offline"));
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);
    }

    [Test]
    public void AnOfflineEditOfAFileTheVaultAlsoChangedKeepsBoth()
    {
        _mount.Mount();
        Windows.ReadAll("vault\\docs\\a.txt");
        _mount.Settle();
        _mount.Session.Unmount(TimeSpan.FromSeconds(10));

        using (var handle = Windows.OpenWrite("vault\\docs\\a.txt"))
        {
            handle.Write(0, "LOCAL"u8);
        }

        _mount.Vault.WriteFile("vault/docs/a.txt", "remote while unmounted");

        _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("remote while unmounted"));
        Assert.That(_mount.Vault.ReadText("vault/docs/a (conflict 1).txt"), Is.EqualTo("LOCAL"));
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("remote while unmounted"u8.ToArray()));
    }
}

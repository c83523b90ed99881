using System.Text;
using Indra.Hashing;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>
/// The base-version model: every full file knows the vault version its content started from, so a full file that
/// still holds it receives vault changes, and a write-back never overwrites a vault version it did not start from.
/// </summary>
[TestFixture]
public sealed class BaseVersionTests
{
    private MountedVault _mount = null!;

    private ProjFsEmulator Windows => _mount.Emulator;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/docs/a.txt", "version one");
        _mount.Vault.WriteFile("vault/docs/b.txt", "b");
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void AFileOpenedForWriteAndClosedUnchangedStillReceivesAVaultChange()
    {
        _mount.Mount();
        using (Windows.OpenWrite("vault\\docs\\a.txt"))
        {
        }

        _mount.Settle();
        Assert.That(Windows.GetItem("vault\\docs\\a.txt")!.State, Is.EqualTo(EmulatedItemState.Full), "opening for write made it full");
        ChangeInVault("vault/docs/a.txt", "version two from a peer");

        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("version two from a peer"u8.ToArray()));
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);
    }

    [Test]
    public void AVaultChangeWhileAFileIsOpenForWriteArrivesWhenItIsClosedUnchanged()
    {
        _mount.Mount();
        using (Windows.OpenWrite("vault\\docs\\a.txt"))
        {
            _mount.Session.InvalidationSink.InvalidateInode(_mount.Vault.WriteFile("vault/docs/a.txt", "changed while open"));
            Wait.Until(() => _mount.LogText.Contains("is open for writing", StringComparison.Ordinal), "the change to be seen while the handle is open");
            Assert.That(File.ReadAllText(Windows.RealPath("vault\\docs\\a.txt")), Is.EqualTo("version one"), "not replaced under an open writer");
        }

        _mount.Settle();
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("changed while open"u8.ToArray()));
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);
    }

    [Test]
    public void AnEditAlreadyWrittenBackDoesNotBlockTheNextVaultChange()
    {
        _mount.Mount();
        Windows.WriteAll("vault\\docs\\a.txt", "local edit"u8);
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("local edit"));

        ChangeInVault("vault/docs/a.txt", "remote edit after it");
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("remote edit after it"u8.ToArray()));
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("remote edit after it"), "nothing written back over it");
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);

        ChangeInVault("vault/docs/a.txt", "and another one");
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("and another one"u8.ToArray()), "every later change arrives too");
    }

    [Test]
    public void TheBaseVersionOfAFullFileSurvivesARemount()
    {
        _mount.Mount();
        Windows.WriteAll("vault\\docs\\a.txt", "local edit"u8);
        _mount.Settle();
        _mount.Session.Unmount(TimeSpan.FromSeconds(10));
        _mount.Vault.WriteFile("vault/docs/a.txt", "changed while unmounted");

        _mount.Mount();
        _mount.Settle();
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("changed while unmounted"u8.ToArray()));
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("changed while unmounted"));
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);
    }

    [Test]
    public void ATrueConcurrentEditKeepsBothVersionsAndOverwritesNeither()
    {
        _mount.Mount(writeBack: false);
        Windows.WriteAll("vault\\docs\\b.txt", "local"u8);
        _mount.Session.InvalidationSink.InvalidateInode(_mount.Vault.WriteFile("vault/docs/b.txt", "remote"));
        Assert.That(_mount.Session.WaitForVaultChanges(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(Windows.ReadAll("vault\\docs\\b.txt"), Is.EqualTo("local"u8.ToArray()), "the queued local edit is not overwritten");
        _mount.Session.Unmount(TimeSpan.FromSeconds(5));

        _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/b.txt"), Is.EqualTo("remote"), "the vault's version is not overwritten");
        Assert.That(_mount.Vault.ReadText("vault/docs/b (conflict 1).txt"), Is.EqualTo("local"), "the local edit is kept beside it");
        Assert.That(Xattr("vault/docs/b (conflict 1).txt", "user.conflict.of"), Is.EqualTo("vault\\docs\\b.txt"));
        Assert.That(Xattr("vault/docs/b (conflict 1).txt", "user.conflict.base"), Is.EqualTo(Blake3.Hash("b"u8).ToString()));
        Assert.That(Xattr("vault/docs/b (conflict 1).txt", "user.conflict.vault"), Is.EqualTo(Blake3.Hash("remote"u8).ToString()));
        Assert.That(Windows.ReadAll("vault\\docs\\b.txt"), Is.EqualTo("remote"u8.ToArray()), "the local file follows the vault");
        Assert.That(Windows.ReadAll("vault\\docs\\b (conflict 1).txt"), Is.EqualTo("local"u8.ToArray()));
        Assert.That(File.ReadAllText(_mount.Session.ConflictLogPath), Does.Contain("concurrent-edit"));

        ChangeInVault("vault/docs/b.txt", "remote again");
        Assert.That(Windows.ReadAll("vault\\docs\\b.txt"), Is.EqualTo("remote again"u8.ToArray()), "settled: later changes arrive");
        Assert.That(_mount.Vault.List("vault/docs"), Has.Exactly(1).Contains("conflict"), "one conflict copy, not one per change");
    }

    [Test]
    public void AVaultDeletionRemovesAFullFileThatStillHoldsItsBase()
    {
        _mount.Mount();
        using (Windows.OpenWrite("vault\\docs\\b.txt"))
        {
        }

        _mount.Settle();
        var docs = _mount.Vault.Find("vault/docs")!.Value;
        Assert.That(_mount.FileSystem.Unlink(docs, "b.txt"), Is.EqualTo(FileSystem.Errno.None));
        _mount.Session.InvalidationSink.InvalidateEntry(docs, "b.txt");
        _mount.Settle();
        Assert.That(Windows.Exists("vault\\docs\\b.txt"), Is.False);
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);
    }

    private void ChangeInVault(string path, string text)
    {
        var inode = _mount.Vault.WriteFile(path, text);
        _mount.Session.InvalidationSink.InvalidateInode(inode);
        _mount.Settle();
    }

    private string Xattr(string path, string name)
    {
        var inode = _mount.Vault.Find(path)!.Value;
        Assert.That(_mount.FileSystem.GetExtendedAttribute(inode, name, out var value), Is.EqualTo(FileSystem.Errno.None), name);
        return Encoding.UTF8.GetString(value);
    }
}

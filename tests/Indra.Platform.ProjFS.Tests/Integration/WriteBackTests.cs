using System.Text;
using Indra.Hashing;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>Local changes recorded by notifications and written back into the real vault.</summary>
[TestFixture]
public sealed class WriteBackTests
{
    private MountedVault _mount = null!;

    private ProjFsEmulator Windows => _mount.Emulator;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/notes.txt", "notes");
        _mount.Vault.WriteFile("vault/docs/a.txt", "alpha bravo charlie");
        _mount.Vault.MakeDirectory("vault/empty");
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void ModifyingAHydratedFileWritesBackANewLeaf()
    {
        _mount.Mount();
        var before = _mount.Vault.ArtifactId("vault/docs/a.txt");
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("alpha bravo charlie"u8.ToArray()));
        using (var handle = Windows.OpenWrite("vault\\docs\\a.txt"))
        {
            handle.Write(0, "ALPHA"u8);
            handle.Write(19, " delta"u8);
        }

        _mount.Settle();
        var expected = Encoding.UTF8.GetBytes("ALPHA bravo charlie delta");
        Assert.That(_mount.Vault.ReadFile("vault/docs/a.txt"), Is.EqualTo(expected));
        var after = _mount.Vault.ArtifactId("vault/docs/a.txt");
        Assert.That(after, Is.Not.EqualTo(before));
        Assert.That(after, Is.EqualTo(Blake3.Hash(expected).ToString()), "new leaf id = BLAKE3 of the new bytes");
        Assert.That(Windows.GetItem("vault\\docs\\a.txt")!.State, Is.EqualTo(EmulatedItemState.Full), "the modified file stays full");
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo(expected), "local data kept");
        Assert.That(_mount.Session.PendingWriteBacks, Is.Zero);
        Assert.That(_mount.Session.ConflictCount, Is.Zero);
    }

    [Test]
    public void ModifyingAFileThatWasNeverReadHydratesItFirst()
    {
        _mount.Mount();
        using (var handle = Windows.OpenWrite("vault\\notes.txt"))
        {
            handle.Write(5, "!"u8);
        }

        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/notes.txt"), Is.EqualTo("notes!"));
    }

    [Test]
    public void OverwritingAFileIsWrittenBack()
    {
        _mount.Mount();
        Windows.WriteAll("vault\\notes.txt", "replaced"u8);
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/notes.txt"), Is.EqualTo("replaced"));
    }

    [Test]
    public void CreatedFilesAndDirectoriesAppearInTheVault()
    {
        _mount.Mount();
        Windows.CreateDirectory("vault\\new");
        Windows.CreateDirectory("vault\\new\\sub");
        using (var file = Windows.Create("vault\\new\\sub\\n.txt"))
        {
            file.Write(0, "fresh"u8);
        }

        using (Windows.Create("vault\\empty.txt"))
        {
        }

        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/new/sub/n.txt"), Is.EqualTo("fresh"));
        Assert.That(_mount.Vault.ArtifactId("vault/new/sub/n.txt"), Is.EqualTo(Blake3.Hash("fresh"u8).ToString()));
        Assert.That(_mount.Vault.ReadFile("vault/empty.txt"), Is.Empty);
        Assert.That(Windows.EnumerateDirectory("vault").Select(e => e.Name), Is.EqualTo(new[] { "docs", "empty", "empty.txt", "new", "notes.txt" }));
    }

    [Test]
    public void RenamesAndDeletesAreFollowed()
    {
        _mount.Mount();
        Windows.CreateDirectory("vault\\moved");
        Windows.Rename("vault\\docs\\a.txt", "vault\\moved\\a2.txt");
        Windows.Delete("vault\\notes.txt");
        Windows.DeleteDirectory("vault\\empty");
        Windows.CreateDirectory("vault\\tmp");
        Windows.WriteAll("vault\\tmp\\t.txt", "temporary"u8);
        Windows.Delete("vault\\tmp\\t.txt");
        Windows.DeleteDirectory("vault\\tmp");
        _mount.Settle();

        Assert.That(_mount.Vault.ReadText("vault/moved/a2.txt"), Is.EqualTo("alpha bravo charlie"));
        Assert.That(_mount.Vault.Exists("vault/docs/a.txt"), Is.False);
        Assert.That(_mount.Vault.Exists("vault/notes.txt"), Is.False);
        Assert.That(_mount.Vault.Exists("vault/empty"), Is.False);
        Assert.That(_mount.Vault.Exists("vault/tmp"), Is.False);
        Assert.That(Windows.EnumerateDirectory("vault").Select(e => e.Name), Is.EqualTo(new[] { "docs", "moved" }));
        Assert.That(Windows.ReadAll("vault\\moved\\a2.txt"), Is.EqualTo("alpha bravo charlie"u8.ToArray()), "renamed placeholder still hydrates");
    }

    [Test]
    public void RenamingAFullDirectoryMovesItInTheVault()
    {
        _mount.Mount();
        Windows.CreateDirectory("vault\\project");
        Windows.WriteAll("vault\\project\\main.c", "int main;"u8);
        _mount.Settle();
        Windows.Rename("vault\\project", "vault\\project2");
        // The rename's write-back reads main.c sharing only reading (a writer would tear its copy), so the program's
        // write waits until it is done, as on Windows it would get ERROR_SHARING_VIOLATION meanwhile.
        _mount.Settle();
        Windows.WriteAll("vault\\project2\\main.c", "int main(void);"u8);
        _mount.Settle();
        Assert.That(_mount.Vault.List("vault"), Does.Contain("project2").And.Not.Contain("project"));
        Assert.That(_mount.Vault.ReadText("vault/project2/main.c"), Is.EqualTo("int main(void);"));
    }

    [Test]
    public void SavingThroughATemporaryFileReplacesTheTarget()
    {
        _mount.Mount();
        Windows.ReadAll("vault\\notes.txt");
        Windows.WriteAll("vault\\notes.txt.tmp", "saved by an editor"u8);
        Windows.Rename("vault\\notes.txt.tmp", "vault\\notes.txt", replaceExisting: true);
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/notes.txt"), Is.EqualTo("saved by an editor"));
        Assert.That(_mount.Vault.Exists("vault/notes.txt.tmp"), Is.False);
    }

    [Test]
    public void HardLinksBecomeVaultLinks()
    {
        _mount.Mount();
        Windows.CreateHardLink("vault\\notes.txt", "vault\\docs\\notes-link.txt");
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/notes-link.txt"), Is.EqualTo("notes"));
        Assert.That(_mount.Vault.Find("vault/docs/notes-link.txt"), Is.EqualTo(_mount.Vault.Find("vault/notes.txt")), "same inode");
    }

    [Test]
    public void FilesMovedInFromOutsideTheRootAreAdded()
    {
        _mount.Mount();
        var outside = Path.Combine(Path.GetDirectoryName(Windows.RootDirectory)!, "outside.txt");
        File.WriteAllText(outside, "from elsewhere");
        Windows.MoveIn(outside, "vault\\docs\\in.txt");
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/in.txt"), Is.EqualTo("from elsewhere"));
    }

    [Test]
    public void AChangeSurvivesAHostCrashBeforeItsWriteBack()
    {
        _mount.Mount(writeBack: false);
        Windows.ReadAll("vault\\docs\\a.txt");
        using (var handle = Windows.OpenWrite("vault\\docs\\a.txt"))
        {
            handle.Write(0, "CRASH"u8);
        }

        Windows.WriteAll("vault\\docs\\new.txt", "created before the crash"u8);
        Assert.That(_mount.Session.PendingWriteBacks, Is.GreaterThanOrEqualTo(2));
        _mount.Session.Abandon();
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("alpha bravo charlie"), "nothing was written back before the crash");
        Assert.That(File.ReadAllText(Path.Combine(_mount.StateDirectory, "dirty-queue.jsonl")), Does.Contain("vault\\\\docs\\\\a.txt"));

        var restarted = _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("CRASH bravo charlie"));
        Assert.That(_mount.Vault.ArtifactId("vault/docs/a.txt"), Is.EqualTo(Blake3.Hash("CRASH bravo charlie"u8).ToString()));
        Assert.That(_mount.Vault.ReadText("vault/docs/new.txt"), Is.EqualTo("created before the crash"));
        Assert.That(restarted.PendingWriteBacks, Is.Zero);
    }

    [Test]
    public void AFileBeingWrittenWhenTheHostDiedIsWrittenBackAfterRestart()
    {
        _mount.Mount(writeBack: false);
        var handle = Windows.OpenWrite("vault\\notes.txt");
        handle.Write(0, "NOTES"u8);
        _mount.Session.Abandon();
        handle.Close(); // no provider is listening: this close is never notified

        _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/notes.txt"), Is.EqualTo("NOTES"));
    }

    [Test]
    public void UnmountWritesBackWhatIsQueued()
    {
        _mount.Mount();
        Windows.WriteAll("vault\\docs\\last.txt", "written at unmount"u8);
        Assert.That(_mount.Session.Unmount(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(_mount.Session.Completion.IsCompleted, Is.True);
        Assert.That(_mount.Vault.ReadText("vault/docs/last.txt"), Is.EqualTo("written at unmount"));
        Assert.That(Windows.IsActive, Is.False);
    }

    [Test]
    public void NotificationsCausedByTheHostsOwnProcessChangeNothing()
    {
        _mount.Dispose();
        _mount = new MountedVault(new EmulatorOptions { ApplicationProcessId = (uint)Environment.ProcessId });
        _mount.Vault.WriteFile("vault/notes.txt", "notes");
        _mount.Mount();
        _mount.Settle(); // the mount-time sweep (which finds files no notification told of) has run
        Windows.WriteAll("vault\\notes.txt", "written by the host process itself"u8);
        Windows.WriteAll("vault\\own.txt", "x"u8);
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/notes.txt"), Is.EqualTo("notes"));
        Assert.That(_mount.Vault.Exists("vault/own.txt"), Is.False);
        Assert.That(Windows.Trace, Does.Contain("Notification(NewFileCreated,vault\\own.txt)"), "notified, but ignored");
    }

    [Test]
    public void AFileModifiedInAnEarlierSessionIsNotAConflictAfterRemount()
    {
        _mount.Mount();
        Windows.WriteAll("vault\\docs\\a.txt", "edited"u8);
        _mount.Settle();
        _mount.Session.Unmount(TimeSpan.FromSeconds(10));
        _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("edited"u8.ToArray()));
    }
}

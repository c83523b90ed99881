using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>
/// The host's own I/O under the root goes through the emulator (<see cref="EmulatedLocalFiles"/>), as on Windows: the
/// emulated kernel sees its re-hydrations as writes, hydrates what it reads, and holds its opens to the FileShare
/// rules against the applications' handles.
/// </summary>
[TestFixture]
public sealed class HostIoTests
{
    private static readonly uint Host = EmulatedCaller.CurrentProcess.ProcessId;

    private MountedVault _mount = null!;

    private ProjFsEmulator Windows => _mount.Emulator;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/docs/a.txt", "version one");
        _mount.Vault.WriteFile("vault/docs/b.txt", "bravo");
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void TheHostsReHydrationOfAFullFileIsSeenAsAWriteAndChangesNothingElse()
    {
        _mount.Mount();
        using (Windows.OpenWrite("vault\\docs\\a.txt"))
        {
        }

        _mount.Settle();
        Windows.ClearTrace();
        var before = Windows.Io.Count;
        _mount.Session.InvalidationSink.InvalidateInode(_mount.Vault.WriteFile("vault/docs/a.txt", "version two"));
        _mount.Settle();

        var host = Windows.Io.Skip(before).Where(i => i.ProcessId == Host && i.Path == "vault\\docs\\a.txt").ToList();
        Assert.That(host, Has.Some.EqualTo(new EmulatedIo(Host, "open", "vault\\docs\\a.txt", "Open,ReadWrite,None")), "an exclusive handle");
        Assert.That(host.Select(i => i.Operation), Does.Contain("close-modified"));
        Assert.That(Windows.Trace, Does.Contain("Notification(FileHandleClosedFileModified,vault\\docs\\a.txt)"), "the provider is told of the host's write");
        Assert.That(Windows.GetItem("vault\\docs\\a.txt")!.State, Is.EqualTo(EmulatedItemState.Full));
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("version two"u8.ToArray()));
        Assert.That(_mount.Vault.ReadText("vault/docs/a.txt"), Is.EqualTo("version two"), "its own write is not written back as a local edit");
        Assert.That(_mount.Session.ConflictCount, Is.Zero, _mount.LogText);
    }

    [Test]
    public void AHostReadOfAVirtualFileHydratesItThroughTheProvider()
    {
        _mount.Mount();
        _mount.Settle();
        Windows.ClearTrace();
        using (var stream = _mount.Files.Open(Windows.RealPath("vault\\docs\\b.txt"), FileMode.Open, FileAccess.Read, FileShare.Read))
        using (var reader = new StreamReader(stream))
        {
            Assert.That(reader.ReadToEnd(), Is.EqualTo("bravo"));
        }

        Assert.That(Windows.Trace, Does.Contain("GetPlaceholderInfo(vault\\docs\\b.txt)").And.Contain("GetFileData(vault\\docs\\b.txt,0,5)"));
        Assert.That(Windows.GetItem("vault\\docs\\b.txt")!.State, Is.EqualTo(EmulatedItemState.HydratedPlaceholder));
        _mount.Settle();
        Assert.That(_mount.Session.ConflictCount, Is.Zero);
        Assert.That(_mount.Vault.ReadText("vault/docs/b.txt"), Is.EqualTo("bravo"));
    }

    [Test]
    public void AHostWriteOpenOfAPlaceholderDoesNotLeaveTheFileOpenForWriting()
    {
        _mount.Mount();
        _mount.Settle();
        Windows.ReadAll("vault\\docs\\b.txt");
        using (_mount.Files.Open(Windows.RealPath("vault\\docs\\b.txt"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }

        Assert.That(Windows.Trace, Does.Contain("Notification(FilePreConvertToFull,vault\\docs\\b.txt)"), "converted to full by the host's open");
        _mount.Settle();
        _mount.Session.InvalidationSink.InvalidateInode(_mount.Vault.WriteFile("vault/docs/b.txt", "changed in the vault"));
        _mount.Settle();
        Assert.That(Windows.ReadAll("vault\\docs\\b.txt"), Is.EqualTo("changed in the vault"u8.ToArray()));
        Assert.That(_mount.LogText, Does.Not.Contain("'vault\\docs\\b.txt' is open for writing"));
    }

    [Test]
    public void AWriteBackWaitsWhileAnApplicationHoldsAWriteHandleThatSharesOnlyReading()
    {
        _mount.Mount();
        using (var handle = Windows.Create("vault\\docs\\new.txt"))
        {
            handle.Write(0, "first half, "u8);
            Wait.Until(() => Windows.Io.Any(i => i.ProcessId == Host && i.Operation == "open-refused" && i.Path == "vault\\docs\\new.txt"),
                "the write-back's FileShare.Read open to be refused while the application writes");
            Assert.That(_mount.Vault.Exists("vault/docs/new.txt") && _mount.Vault.ReadText("vault/docs/new.txt").Length > 0, Is.False,
                "no half-written copy reached the vault");
            handle.Write(12, "second half"u8);
        }

        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/new.txt"), Is.EqualTo("first half, second half"));
    }

    [Test]
    public void AnApplicationReaderSharingReadsDoesNotHoldUpTheWriteBack()
    {
        _mount.Mount(writeBack: false);
        Windows.WriteAll("vault\\docs\\b.txt", "edited"u8);
        _mount.Session.Unmount(TimeSpan.FromSeconds(5));
        Assert.That(_mount.Vault.ReadText("vault/docs/b.txt"), Is.EqualTo("bravo"), "queued, not written back yet");
        using var reader = Windows.OpenRead("vault\\docs\\b.txt");

        _mount.Mount();
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/b.txt"), Is.EqualTo("edited"), "written back while the reader holds its handle");
        Assert.That(Windows.Io.Where(i => i.ProcessId == Host && i.Path == "vault\\docs\\b.txt").Select(i => i.Operation), Does.Not.Contain("open-refused"));
        Assert.That(reader.ReadToEnd(), Is.EqualTo("edited"u8.ToArray()));
    }
}

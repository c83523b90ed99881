using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>Pre-operation notifications veto changes outside vault\ (peers\, realms\, .indra\ and the top level).</summary>
[TestFixture]
public sealed class VetoTests
{
    private MountedVault _mount = null!;

    private ProjFsEmulator Windows => _mount.Emulator;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/notes.txt", "notes");
        _mount.Mount();
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void MovingAFileIntoPeersIsVetoed()
    {
        Assert.That(HResultOf(() => Windows.Rename("vault\\notes.txt", "peers\\notes.txt")), Is.EqualTo(HResult.AccessDenied));
        Assert.That(Windows.Exists("vault\\notes.txt"), Is.True);
        Assert.That(Windows.Trace, Does.Contain("Notification(PreRename,vault\\notes.txt->peers\\notes.txt)"));
    }

    [Test]
    public void LinkingIntoRealmsIsVetoed() =>
        Assert.That(HResultOf(() => Windows.CreateHardLink("vault\\notes.txt", "realms\\notes.txt")), Is.EqualTo(HResult.AccessDenied));

    [Test]
    public void DeletingPeersIsVetoed()
    {
        Assert.That(HResultOf(() => Windows.DeleteDirectory("peers")), Is.EqualTo(HResult.AccessDenied));
        Assert.That(Windows.Trace, Does.Contain("Notification(PreDelete,peers)"));
        Assert.That(Windows.EnumerateDirectory("").Select(e => e.Name), Does.Contain("peers"));
    }

    [Test]
    public void DeletingOrWritingGeneratedFilesIsVetoedEvenWithoutTheReadOnlyAttribute()
    {
        Windows.SetAttributes(".indra\\heat.json", FileAttributeBits.Normal);
        Assert.That(HResultOf(() => Windows.Delete(".indra\\heat.json")), Is.EqualTo(HResult.AccessDenied));
        Assert.That(HResultOf(() => Windows.OpenWrite(".indra\\heat.json")), Is.EqualTo(HResult.AccessDenied));
        Assert.That(Windows.Trace, Does.Contain("Notification(FilePreConvertToFull,.indra\\heat.json)"));
        Assert.That(Windows.GetItem(".indra\\heat.json")!.State, Is.Not.EqualTo(EmulatedItemState.Full));
    }

    [Test]
    public void ReadOnlyViewsRefuseWritesBeforeProjFsIsAsked() =>
        Assert.That(HResultOf(() => Windows.OpenWrite(".indra\\player.json")), Is.EqualTo(HResult.AccessDenied));

    [Test]
    public void AFileCreatedUnderPeersIsKeptAndReportedAsAConflict()
    {
        Windows.WriteAll("peers\\stray.txt", "cannot go anywhere"u8);
        _mount.Settle();
        Assert.That(_mount.Session.ConflictCount, Is.EqualTo(1));
        Assert.That(File.ReadAllText(_mount.Session.ConflictLogPath), Does.Contain("write-back-refused").And.Contain("peers\\\\stray.txt"));
        Assert.That(Windows.ReadAll("peers\\stray.txt"), Is.EqualTo("cannot go anywhere"u8.ToArray()), "local data is never discarded");
        Assert.That(_mount.Session.PendingWriteBacks, Is.Zero);
    }

    private static int HResultOf(TestDelegate call) => Assert.Throws<EmulatedIOException>(call)!.HResult;
}

using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.EmulatorConformance;

/// <summary>projfs.md §9.4–9.7: writing, deleting, renaming, creating; tombstones and the negative path cache.</summary>
[TestFixture]
public sealed class ChangeRulesTests : EmulatorTestBase
{
    [Test]
    public void WritingAPlaceholderConvertsItToFullOnce()
    {
        using (var first = Emulator.Open("a\\b\\f.txt", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        using (var second = Emulator.Open("a\\b\\f.txt", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            first.Write(0, "HELLO"u8);
        }

        Assert.That(Provider.Notifications.Count(n => n.Notification == PrjNotification.FilePreConvertToFull), Is.EqualTo(1));
        Assert.That(Emulator.GetItem("a\\b\\f.txt")!.State, Is.EqualTo(EmulatedItemState.Full));
        Assert.That(Emulator.ReadAll("a\\b\\f.txt"), Is.EqualTo("HELLO world"u8.ToArray()), "hydrated before the write");
        Assert.That(Emulator.Trace.Count(t => t.StartsWith("GetFileData", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void AVetoedConversionFailsTheOpenAndKeepsThePlaceholder()
    {
        Provider.PreOperationResult = HResult.AccessDenied;
        Assert.That(HResultOf(() => Emulator.OpenWrite("top.txt")), Is.EqualTo(HResult.AccessDenied));
        Assert.That(Emulator.GetItem("top.txt")!.State, Is.EqualTo(EmulatedItemState.Placeholder));
    }

    [Test]
    public void HandleCloseVariants()
    {
        using (var handle = Emulator.OpenWrite("top.txt"))
        {
            handle.Write(3, "!"u8);
        }

        Emulator.Delete("a\\c.txt");
        var closes = Provider.Notifications
            .Where(n => n.Notification is PrjNotification.FileHandleClosedFileModified or PrjNotification.FileHandleClosedFileDeleted
                or PrjNotification.FileHandleClosedNoModification)
            .Select(n => (n.Notification, n.Path));
        Assert.That(closes, Is.EqualTo(new[]
        {
            (PrjNotification.FileHandleClosedFileModified, "top.txt"),
            (PrjNotification.FileHandleClosedFileDeleted, "a\\c.txt"),
        }));
    }

    [Test]
    public void OverwritingFetchesNoData()
    {
        Emulator.WriteAll("top.txt", "new"u8);
        Assert.That(Emulator.Trace, Has.None.StartsWith("GetFileData"));
        Assert.That(Provider.Notifications.Select(n => n.Notification), Does.Contain(PrjNotification.FileOverwritten));
        Assert.That(Emulator.GetItem("top.txt")!.State, Is.EqualTo(EmulatedItemState.Full));
    }

    [Test]
    public void DeletingAProjectedFileLeavesATombstone()
    {
        Emulator.Delete("a\\c.txt");
        Assert.That(Emulator.Trace, Does.Contain("QueryFileName(a\\c.txt)"));
        Assert.That(Emulator.GetItem("a\\c.txt")!.State, Is.EqualTo(EmulatedItemState.Tombstone));
        Assert.That(Emulator.EnumerateDirectory("a").Select(e => e.Name), Is.EqualTo(new[] { "b" }), "the tombstone hides the name");
        Assert.That(HResultOf(() => Emulator.OpenRead("a\\c.txt")), Is.EqualTo(HResult.FileNotFound));
        Emulator.ClearTrace();
        using (Emulator.Create("a\\c.txt"))
        {
        }

        Assert.That(Emulator.Trace, Has.None.StartsWith("GetPlaceholderInfo"), "no callback for a tombstoned name");
        Assert.That(Emulator.GetItem("a\\c.txt")!.State, Is.EqualTo(EmulatedItemState.Full));
        Assert.That(Emulator.GetItem("a")!.DirtyMetadata, Is.True, "the parent placeholder directory is dirty");
    }

    [Test]
    public void DeletingAMissingNameFails() =>
        Assert.That(HResultOf(() => Emulator.Delete("nope.txt")), Is.EqualTo(HResult.FileNotFound));

    [Test]
    public void APlaceholderDirectoryWithVirtualChildrenIsNotEmpty()
    {
        Assert.That(HResultOf(() => Emulator.DeleteDirectory("a")), Is.EqualTo(HResult.DirectoryNotEmpty));
        Emulator.DeleteDirectory("empty");
        Assert.That(Emulator.Exists("empty"), Is.False);
    }

    [Test]
    public void NegativePathCacheSkipsTheCallbackUntilCleared()
    {
        Assert.That(HResultOf(() => Emulator.OpenRead("missing.txt")), Is.EqualTo(HResult.FileNotFound));
        Emulator.ClearTrace();
        Assert.That(HResultOf(() => Emulator.OpenRead("missing.txt")), Is.EqualTo(HResult.FileNotFound));
        Assert.That(Emulator.Trace, Is.Empty, "answered from the negative path cache");

        Provider.File("missing.txt", "now here");
        Assert.That(Emulator.ClearNegativePathCache(out var cleared), Is.EqualTo(HResult.Ok));
        Assert.That(cleared, Is.EqualTo(1u));
        Assert.That(Emulator.ReadAll("missing.txt"), Is.EqualTo("now here"u8.ToArray()));
    }

    [Test]
    public void RenameRules()
    {
        Assert.That(HResultOf(() => Emulator.Rename("a", "z")), Is.EqualTo(HResult.NotSupported), "partial directories cannot move");
        Assert.That(HResultOf(() => Emulator.Rename("top.txt", "a\\c.txt")), Is.EqualTo(HResult.AlreadyExists), "virtual names exist");
        Assert.That(HResultOf(() => Emulator.Rename("top.txt", "nowhere\\x.txt")), Is.EqualTo(HResult.PathNotFound));
        Emulator.Rename("top.txt", "a\\moved.txt");
        Assert.That(Provider.Notifications.Where(n => n.Notification is PrjNotification.PreRename or PrjNotification.FileRenamed)
            .Select(n => (n.Notification, n.Path, n.Destination)), Is.EqualTo(new[]
            {
                (PrjNotification.PreRename, "top.txt", (string?)"a\\moved.txt"),
                (PrjNotification.FileRenamed, "top.txt", (string?)"a\\moved.txt"),
            }));
        Assert.That(Emulator.GetItem("top.txt")!.State, Is.EqualTo(EmulatedItemState.Tombstone), "still projected");
        Emulator.CreateDirectory("full");
        Emulator.Rename("full", "full2");
        Assert.That(Emulator.GetItem("full2")!.State, Is.EqualTo(EmulatedItemState.Full));
    }

    [Test]
    public void CreatesAreFullAndNotified()
    {
        Emulator.CreateDirectory("newdir");
        using (var file = Emulator.Create("newdir\\n.txt"))
        {
            file.Write(0, "x"u8);
        }

        Assert.That(HResultOf(() => Emulator.Create("top.txt")), Is.EqualTo(HResult.FileExists), "CREATE_NEW on a virtual name");
        Assert.That(Provider.Notifications.Where(n => n.Notification == PrjNotification.NewFileCreated).Select(n => n.Path),
            Is.EqualTo(new[] { "newdir", "newdir\\n.txt" }));
        Emulator.ClearTrace();
        Assert.That(Emulator.EnumerateDirectory("newdir").Select(e => e.Name), Is.EqualTo(new[] { "n.txt" }));
        Assert.That(Emulator.Trace, Has.None.StartsWith("StartDirectoryEnumeration"), "full directories are not enumerated through the provider");
    }

    [Test]
    public void UpdateAndDeleteFollowTheFlagRules()
    {
        Emulator.ReadAll("top.txt");
        var newer = new PlaceholderInfo(new FileBasicInfo(false, 5, 0, 0, 0, 0, 0), new PlaceholderVersion([1], [42]));
        Assert.That(Emulator.UpdateFileIfNeeded("top.txt", newer, PrjUpdateTypes.None, out _), Is.EqualTo(HResult.Ok));
        var item = Emulator.GetItem("top.txt")!;
        Assert.That(item.State, Is.EqualTo(EmulatedItemState.Placeholder), "hydrated data discarded");
        Assert.That(item.FileSize, Is.EqualTo(5));
        Assert.That(Emulator.UpdateFileIfNeeded("top.txt", newer, PrjUpdateTypes.None, out _), Is.EqualTo(HResult.Ok), "same content id");

        Emulator.WriteAll("a\\c.txt", "local"u8);
        Assert.That(Emulator.UpdateFileIfNeeded("a\\c.txt", newer, PrjUpdateTypes.AllowDirtyMetadata, out var cause),
            Is.EqualTo(HResult.VirtualizationInvalidOperation));
        Assert.That(cause, Is.EqualTo(PrjUpdateFailureCauses.DirtyData));
        Assert.That(Emulator.DeleteFile("a\\c.txt", PrjUpdateTypes.None, out _), Is.EqualTo(HResult.VirtualizationInvalidOperation));
        Assert.That(Emulator.ReadAll("a\\c.txt"), Is.EqualTo("local"u8.ToArray()), "local data kept");
        Assert.That(Emulator.UpdateFileIfNeeded("never-seen.txt", newer, PrjUpdateTypes.None, out _), Is.EqualTo(HResult.FileNotFound), "virtual");

        Emulator.SetLastWriteTime("top.txt", DateTime.UtcNow);
        Assert.That(Emulator.GetOnDiskFileState(Emulator.RealPath("top.txt"), out var state), Is.EqualTo(HResult.Ok));
        Assert.That(state & PrjFileState.DirtyPlaceholder, Is.EqualTo(PrjFileState.DirtyPlaceholder));
        Assert.That(Emulator.DeleteFile("top.txt", PrjUpdateTypes.None, out cause), Is.EqualTo(HResult.VirtualizationInvalidOperation));
        Assert.That(cause, Is.EqualTo(PrjUpdateFailureCauses.DirtyMetadata));
        Assert.That(Emulator.DeleteFile("top.txt", PrjUpdateTypes.AllowDirtyMetadata, out _), Is.EqualTo(HResult.Ok));
        Assert.That(Emulator.GetItem("top.txt"), Is.Null, "virtual again");
    }
}

using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.EmulatorConformance;

/// <summary>projfs.md §9.2–9.3: what a first listing, first open and first read call, in which order.</summary>
[TestFixture]
public sealed class CallbackOrderTests : EmulatorTestBase
{
    [Test]
    public void FirstListingIsStartThenGetUntilEmptyThenEnd()
    {
        var entries = Emulator.EnumerateDirectory("");
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "a", "empty", "top.txt" }));
        Assert.That(Callbacks(), Is.EqualTo(new[]
        {
            "StartDirectoryEnumeration()", "GetDirectoryEnumeration(,null,restart)", "GetDirectoryEnumeration(,null)", "EndDirectoryEnumeration()",
        }));
        Assert.That(entries.Single(e => e.Name == "top.txt").Size, Is.EqualTo(3));
        Assert.That(Emulator.GetItem("a"), Is.Null, "enumeration never creates placeholders (rule 15)");
    }

    [Test]
    public void EveryListingOfAPlaceholderDirectoryAsksTheProviderAgain()
    {
        Emulator.EnumerateDirectory("");
        Emulator.ClearTrace();
        Emulator.EnumerateDirectory("");
        Assert.That(Callbacks(), Has.Some.StartsWith("StartDirectoryEnumeration"));
    }

    [Test]
    public void FirstOpenMakesOnePlaceholderPerMissingComponentInOrder()
    {
        using (Emulator.OpenRead("A\\B\\F.TXT"))
        {
        }

        Assert.That(Callbacks(), Is.EqualTo(new[] { "GetPlaceholderInfo(A)", "GetPlaceholderInfo(A\\B)", "GetPlaceholderInfo(A\\B\\F.TXT)" }),
            "called with the caller's casing");
        var file = Emulator.GetItem("a\\b\\f.txt")!;
        Assert.That(file.Path, Is.EqualTo("a\\b\\f.txt"), "stored with the provider's casing");
        Assert.That(file.State, Is.EqualTo(EmulatedItemState.Placeholder));
        Assert.That(file.FileSize, Is.EqualTo(11));
        Assert.That(Emulator.GetItem("a\\b")!.State, Is.EqualTo(EmulatedItemState.Placeholder));
        Assert.That(Emulator.Trace, Does.Contain("Notification(FileOpened,a\\b\\f.txt)"));
    }

    [Test]
    public void FirstReadHydratesOnceUnderTheOriginalName()
    {
        Assert.That(Emulator.ReadAll("a\\b\\f.txt"), Is.EqualTo("hello world"u8.ToArray()));
        Assert.That(Emulator.ReadAll("a\\b\\f.txt"), Is.EqualTo("hello world"u8.ToArray()));
        Assert.That(Callbacks().Count(c => c.StartsWith("GetFileData", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(Callbacks(), Does.Contain("GetFileData(a\\b\\f.txt,0,11)"));
        Assert.That(Emulator.GetItem("a\\b\\f.txt")!.State, Is.EqualTo(EmulatedItemState.HydratedPlaceholder));
        Assert.That(File.ReadAllText(Emulator.RealPath("a\\b\\f.txt")), Is.EqualTo("hello world"), "hydrated bytes are on disk");
    }

    [Test]
    public void AfterARenameGetFileDataStillUsesTheOldName()
    {
        Emulator.Rename("top.txt", "renamed.txt");
        Assert.That(Emulator.ReadAll("renamed.txt"), Is.EqualTo("top"u8.ToArray()));
        Assert.That(Callbacks(), Does.Contain("GetFileData(top.txt,0,3)"));
    }

    [Test]
    public void ReadHandleCloseIsNoModification()
    {
        Emulator.ReadAll("top.txt");
        Assert.That(Provider.Notifications.Select(n => n.Notification),
            Is.EqualTo(new[] { PrjNotification.FileOpened, PrjNotification.FileHandleClosedNoModification }));
    }

    [Test]
    public void PendingCallbacksCompleteLater()
    {
        Provider.PendPlaceholders = true;
        Assert.That(Emulator.ReadAll("a\\c.txt"), Is.EqualTo("c"u8.ToArray()));
    }

    [Test]
    public void NotificationsRespectSuppressedSubtrees()
    {
        Start(AllNotifications, true, new NotificationMapping(PrjNotifyTypes.SuppressNotifications | PrjNotifyTypes.FileOpened, "a"));
        Emulator.ReadAll("a\\c.txt");
        Emulator.ReadAll("top.txt");
        Assert.That(Provider.Notifications.Select(n => n.Path), Has.None.StartsWith("a"));
        Assert.That(Provider.Notifications.Select(n => n.Path), Has.Some.EqualTo("top.txt"));
    }

    [Test]
    public void StartNeedsAMarkedRootAndNoNesting()
    {
        using var dir = new Support.TempDirectory();
        var unmarked = new ProjFsEmulator(Path.Combine(dir.Path, "r"));
        Assert.That(unmarked.StartVirtualizing(unmarked.RootDirectory, Provider, new VirtualizationOptions(0, 0, 0, [])),
            Is.EqualTo(HResult.ReparseTagMismatch));

        var nested = new ProjFsEmulator(Path.Combine(Emulator.RootDirectory, "nested"));
        nested.MarkDirectoryAsPlaceholder(nested.RootDirectory, null, null, Guid.NewGuid());
        Assert.That(nested.StartVirtualizing(nested.RootDirectory, Provider, new VirtualizationOptions(0, 0, 0, [])),
            Is.EqualTo(HResult.VirtualizationInvalidOperation));
        Assert.That(Emulator.MarkDirectoryAsPlaceholder(Emulator.RootDirectory, null, null, Guid.NewGuid()),
            Is.EqualTo(HResult.ReparsePointEncountered));
    }

    [Test]
    public void AStoppedProviderLeavesOnlyFullFilesUsable()
    {
        using (var created = Emulator.Create("local.txt"))
        {
            created.Write(0, "mine"u8);
        }

        using (Emulator.OpenRead("top.txt"))
        {
        }

        Emulator.StopVirtualizing();
        Assert.That(HResultOf(() => Emulator.ReadAll("top.txt")), Is.EqualTo(HResult.VirtualizationUnavailable));
        Assert.That(HResultOf(() => Emulator.EnumerateDirectory("a")), Is.EqualTo(HResult.VirtualizationUnavailable));
        Assert.That(Emulator.ReadAll("local.txt"), Is.EqualTo("mine"u8.ToArray()));
    }
}

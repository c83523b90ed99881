using System.Text;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.EmulatorConformance;

/// <summary>
/// The host's <see cref="ILocalFiles"/> on the emulator: its I/O under the root is seen like an application's, as the
/// host's process (hydration, conversion to full, notifications, sharing, open handles); elsewhere it is the disk.
/// </summary>
[TestFixture]
public sealed class EmulatedLocalFilesTests : EmulatorTestBase
{
    private static readonly uint Host = EmulatedCaller.CurrentProcess.ProcessId;

    private EmulatedLocalFiles Files => new(Emulator);

    [Test]
    public void AHostReadOfAVirtualFileHydratesItThroughCallbacksAsTheHostsProcess()
    {
        using (var stream = Files.Open(Emulator.RealPath("a\\b\\f.txt"), FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            Assert.That(stream.Length, Is.EqualTo(11), "a placeholder not yet hydrated has the provider's size");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            Assert.That(reader.ReadToEnd(), Is.EqualTo("hello world"));
        }

        Assert.That(Callbacks(), Is.EqualTo(new[] { "GetPlaceholderInfo(a)", "GetPlaceholderInfo(a\\b)", "GetPlaceholderInfo(a\\b\\f.txt)", "GetFileData(a\\b\\f.txt,0,11)" }));
        Assert.That(Emulator.GetItem("a\\b\\f.txt")!.State, Is.EqualTo(EmulatedItemState.HydratedPlaceholder));
        Assert.That(Provider.Callers.Where(c => c.Path == "a\\b\\f.txt").Select(c => c.ProcessId), Is.Not.Empty.And.All.EqualTo(Host),
            "ProjFS reports the host as the triggering process");
        Assert.That(Emulator.Io.Where(i => i.Path == "a\\b\\f.txt").Select(i => (i.ProcessId, i.Operation)),
            Is.EqualTo(new[] { (Host, "open"), (Host, "close") }));
    }

    [Test]
    public void AHostWriteConvertsAPlaceholderToFullAndIsNotifiedAsAModification()
    {
        using (var stream = Files.Open(Emulator.RealPath("top.txt"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            stream.SetLength(0);
            stream.Write("rewritten"u8);
        }

        Assert.That(Emulator.GetItem("top.txt")!.State, Is.EqualTo(EmulatedItemState.Full));
        Assert.That(Provider.Notifications.Select(n => n.Notification),
            Is.EqualTo(new[] { PrjNotification.FilePreConvertToFull, PrjNotification.FileOpened, PrjNotification.FileHandleClosedFileModified }));
        Assert.That(Provider.Callers.Where(c => c.Path == "top.txt").Select(c => c.ProcessId), Is.All.EqualTo(Host));
        Assert.That(Emulator.ReadAll("top.txt"), Is.EqualTo("rewritten"u8.ToArray()));
    }

    [Test]
    public void AHandleTheHostHoldsIsAnOpenHandle_UpdatesFailAndSharingIsChecked()
    {
        Emulator.ReadAll("top.txt");
        var newer = new PlaceholderInfo(new FileBasicInfo(false, 5, 0, 0, 0, 0, FileAttributeBits.Archive), new PlaceholderVersion([9], [9]));
        using (Files.Open(Emulator.RealPath("top.txt"), FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            Assert.That(Emulator.OpenHandleCount("top.txt"), Is.EqualTo(1));
            Assert.That(Emulator.UpdateFileIfNeeded("top.txt", newer, PrjUpdateTypes.None, out _), Is.EqualTo(HResult.SharingViolation));
            Assert.That(HResultOf(() => Emulator.OpenWrite("top.txt")), Is.EqualTo(HResult.SharingViolation), "the host shares reading only");
            Assert.That(Emulator.ReadAll("top.txt"), Is.EqualTo("top"u8.ToArray()), "a reader sharing reads gets in");
            Assert.That(HResultOf(() => Emulator.Delete("top.txt")), Is.EqualTo(HResult.SharingViolation), "no delete sharing");
        }

        Assert.That(Emulator.UpdateFileIfNeeded("top.txt", newer, PrjUpdateTypes.None, out _), Is.EqualTo(HResult.Ok), "once the host closed it");
    }

    [Test]
    public void AnApplicationWriterMakesTheHostsFileShareReadOpenFailButNotItsSharedRead()
    {
        using var writer = Emulator.OpenWrite("top.txt");
        writer.Write(0, "TOP"u8);
        var path = Emulator.RealPath("top.txt");
        var refused = Assert.Throws<EmulatedIOException>(() => Files.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read))!;
        Assert.That(refused.HResult, Is.EqualTo(HResult.SharingViolation), "a write-back copy is never torn by a writer");
        using (var shared = Files.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            Assert.That(shared.ReadByte(), Is.EqualTo('T'));
        }

        Assert.That(Emulator.Io.Where(i => i.ProcessId == Host).Select(i => i.Operation), Is.EqualTo(new[] { "open", "open-refused", "open", "close" }));
    }

    [Test]
    public void AnApplicationsRenameOverAFileTheHostReadsNeedsTheHostToShareDelete()
    {
        Emulator.WriteAll("save.tmp", "saved"u8);
        var path = Emulator.RealPath("save.tmp");
        using (Files.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            Assert.That(HResultOf(() => Emulator.Rename("save.tmp", "top.txt", replaceExisting: true)), Is.EqualTo(HResult.SharingViolation));
        }

        using (Files.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete))
        {
            Emulator.Rename("save.tmp", "top.txt", replaceExisting: true);
        }

        Assert.That(Emulator.ReadAll("top.txt"), Is.EqualTo("saved"u8.ToArray()));
    }

    [Test]
    public void ListingsStatsDeletesAndRenamesGoThroughTheProvider()
    {
        var a = Emulator.RealPath("a");
        Assert.That(Files.List(a).Select(Path.GetFileName), Is.EqualTo(new[] { "b", "c.txt" }), "the provider's names");
        Assert.That(Callbacks(), Does.Contain("GetDirectoryEnumeration(a,null,restart)"));
        Assert.That(Files.Stat(Emulator.RealPath("a\\c.txt")), Is.EqualTo(new LocalFileStatus(false, 1, Files.Stat(Emulator.RealPath("a\\c.txt"))!.Value.LastWriteUtc)));
        Assert.That(Emulator.GetItem("a\\c.txt")!.State, Is.EqualTo(EmulatedItemState.Placeholder), "a stat lays the placeholder down, fetching nothing");
        Assert.That(Files.Stat(Emulator.RealPath("a\\missing.txt")), Is.Null);

        Files.Move(Emulator.RealPath("a\\c.txt"), Emulator.RealPath("a\\d.txt"), overwrite: false);
        Files.Delete(Emulator.RealPath("top.txt"));
        Assert.That(Provider.Notifications.Select(n => n.Notification), Does.Contain(PrjNotification.PreRename).And.Contain(PrjNotification.FileRenamed)
            .And.Contain(PrjNotification.PreDelete).And.Contain(PrjNotification.FileHandleClosedFileDeleted));
        Assert.That(Emulator.GetItem("a\\c.txt")!.State, Is.EqualTo(EmulatedItemState.Tombstone), "the provider still projects the old name");
        Assert.That(Emulator.Exists("top.txt"), Is.False);
    }

    [Test]
    public void PathsOutsideTheRootGoToTheDisk()
    {
        var outside = Path.Combine(Path.GetDirectoryName(Emulator.RootDirectory)!, "state", "journal.txt");
        Files.CreateDirectory(Path.GetDirectoryName(outside)!);
        using (var stream = Files.Open(outside, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write("line\n"u8);
        }

        Assert.That(File.ReadAllText(outside), Is.EqualTo("line\n"));
        Assert.That(Emulator.Io, Is.Empty);
        Assert.That(Emulator.Trace, Is.Empty);
    }

    [Test]
    public void HostIOUnderTheRootFromACallbackIsAViolation()
    {
        var files = Files;
        Exception? seen = null;
        Emulator.BeforeCallback = trace =>
        {
            if (trace.StartsWith("GetPlaceholderInfo(top.txt", StringComparison.Ordinal))
            {
                seen = Assert.Catch(() => files.Stat(Emulator.RealPath("a\\c.txt")));
            }
        };

        Emulator.ReadAll("top.txt");
        Assert.That(seen, Is.InstanceOf<ProtocolViolationException>());
        Assert.That(Emulator.Violations, Has.Some.StartsWith("host I/O: stat"));
    }
}

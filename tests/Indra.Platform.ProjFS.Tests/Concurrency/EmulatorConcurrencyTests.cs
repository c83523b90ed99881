using System.Collections.Concurrent;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.EmulatorConformance;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>The emulator behaves as concurrently as Windows: callback threads, draining stop, calls that call back.</summary>
[TestFixture]
public sealed class EmulatorConcurrencyTests : EmulatorTestBase
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Test]
    public void CallbacksRunOnCallbackThreadsNotTheApplications()
    {
        var threads = new ConcurrentBag<int>();
        Emulator.BeforeCallback = _ => threads.Add(Environment.CurrentManagedThreadId);
        Emulator.ReadAll("a\\b\\f.txt");
        Assert.That(threads, Is.Not.Empty);
        Assert.That(threads, Has.None.EqualTo(Environment.CurrentManagedThreadId));
    }

    [Test]
    public void AnotherApplicationGoesOnWhileACallbackIsBlocked()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Emulator.BeforeCallback = trace =>
        {
            if (trace.StartsWith("GetFileData(top.txt", StringComparison.Ordinal))
            {
                entered.Set();
                release.Wait(Long);
            }
        };

        var reader = Task.Run(() => Emulator.ReadAll("top.txt"));
        Assert.That(entered.Wait(Long), Is.True, "the hydration started");
        var listing = Emulator.EnumerateDirectory("a\\b");
        Assert.That(listing.Select(e => e.Name), Is.EqualTo(new[] { "f.txt" }), "listed (with callbacks of its own) while GetFileData is blocked");
        Assert.That(Emulator.ReadAll("a\\c.txt"), Is.EqualTo("c"u8.ToArray()));
        Assert.That(reader.IsCompleted, Is.False);
        release.Set();
        Assert.That(reader.Wait(Long), Is.True);
        Assert.That(reader.Result, Is.EqualTo("top"u8.ToArray()));
    }

    [Test]
    public void TwoReadersOfOnePlaceholderHydrateItOnce()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Emulator.BeforeCallback = trace =>
        {
            if (trace.StartsWith("GetFileData", StringComparison.Ordinal))
            {
                entered.Set();
                release.Wait(Long);
            }
        };

        using (Emulator.OpenRead("top.txt"))
        {
        }

        var first = Task.Run(() => Emulator.ReadAll("top.txt"));
        Assert.That(entered.Wait(Long), Is.True);
        var second = Task.Run(() => Emulator.ReadAll("top.txt"));
        Wait.Until(() => Emulator.Trace.Count(t => t.StartsWith("Notification(FileOpened,top.txt", StringComparison.Ordinal)) >= 3, "the second reader to open the file");
        release.Set();
        Assert.That(Task.WaitAll([first, second], Long), Is.True);
        Assert.That(first.Result, Is.EqualTo("top"u8.ToArray()));
        Assert.That(second.Result, Is.EqualTo("top"u8.ToArray()));
        Assert.That(Emulator.Trace.Count(t => t.StartsWith("GetFileData", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void StopWaitsForRunningCallbacksAndNoneRunsAfterItReturns()
    {
        var order = new ConcurrentQueue<string>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var stopReturned = false;
        Emulator.BeforeCallback = trace =>
        {
            order.Enqueue((Volatile.Read(ref stopReturned) ? "after stop: " : "") + trace);
            if (trace.StartsWith("GetFileData", StringComparison.Ordinal))
            {
                entered.Set();
                release.Wait(Long);
                order.Enqueue("GetFileData returns");
            }
        };

        var reader = Task.Run(() => Emulator.ReadAll("a\\c.txt"));
        Assert.That(entered.Wait(Long), Is.True);
        var stop = Task.Run(() =>
        {
            Emulator.StopVirtualizing();
            Volatile.Write(ref stopReturned, true);
            order.Enqueue("stop returned");
        });
        Wait.Until(() => Emulator.IsStopping, "StopVirtualizing to wait for the running callback");
        Assert.That(stop.IsCompleted, Is.False, "it waits while a callback runs");
        Assert.That(() => Emulator.EnumerateDirectory(""), Throws.InstanceOf<EmulatedIOException>()
            .With.Property(nameof(Exception.HResult)).EqualTo(HResult.VirtualizationUnavailable), "no new callback starts while stopping");
        release.Set();
        Assert.That(stop.Wait(Long), Is.True);
        Assert.That(reader.Wait(Long), Is.True);
        Assert.That(reader.Result, Is.EqualTo("c"u8.ToArray()), "the callback that was running finished its work");

        Assert.That(() => Emulator.ReadAll("top.txt"), Throws.InstanceOf<EmulatedIOException>());
        var events = order.ToList();
        Assert.That(events.IndexOf("GetFileData returns"), Is.LessThan(events.IndexOf("stop returned")));
        Assert.That(events, Has.None.StartsWith("after stop"));
        Assert.That(Emulator.CallbacksInFlight, Is.Zero);
    }

    [Test]
    public void StoppingFromACallbackIsAViolation()
    {
        Emulator.BeforeCallback = trace =>
        {
            if (trace.StartsWith("GetPlaceholderInfo", StringComparison.Ordinal))
            {
                Emulator.StopVirtualizing();
            }
        };

        Assert.That(() => Emulator.OpenRead("top.txt"), Throws.InstanceOf<ProtocolViolationException>());
        Assert.That(Emulator.Violations, Has.Some.Contains("PrjStopVirtualizing was called from a callback"));
    }

    [Test]
    public void GetOnDiskFileStateCallsBackForAVirtualPath()
    {
        Assert.That(Emulator.GetItem("a\\c.txt"), Is.Null, "virtual");
        Assert.That(Emulator.GetOnDiskFileState(Emulator.RealPath("a\\c.txt"), out var state), Is.EqualTo(HResult.Ok));
        Assert.That(state, Is.EqualTo(PrjFileState.Placeholder));
        Assert.That(Callbacks(), Is.EqualTo(new[] { "GetPlaceholderInfo(a)", "GetPlaceholderInfo(a\\c.txt)" }));
        Assert.That(Emulator.GetItem("a\\c.txt")?.State, Is.EqualTo(EmulatedItemState.Placeholder), "the open laid a placeholder down");

        Emulator.ClearTrace();
        Assert.That(Emulator.GetOnDiskFileState(Emulator.RealPath("a\\missing.txt"), out _), Is.EqualTo(HResult.FileNotFound));
        Assert.That(Callbacks(), Is.EqualTo(new[] { "GetPlaceholderInfo(a\\missing.txt)" }));
    }

    [Test]
    public void GetOnDiskFileStateFromACallbackIsAViolation()
    {
        Emulator.BeforeCallback = trace =>
        {
            if (trace.StartsWith("GetPlaceholderInfo(top.txt", StringComparison.Ordinal))
            {
                Emulator.GetOnDiskFileState(Emulator.RealPath("a\\c.txt"), out _);
            }
        };

        Assert.That(() => Emulator.OpenRead("top.txt"), Throws.InstanceOf<ProtocolViolationException>());
        Assert.That(Emulator.Violations, Has.Some.Contains("from a callback"));
    }

    [Test]
    public void UpdatesAndDeletesFailWhileAHandleIsOpen()
    {
        Emulator.ReadAll("top.txt");
        var newer = new PlaceholderInfo(new FileBasicInfo(false, 5, 0, 0, 0, 0, FileAttributeBits.Archive), new PlaceholderVersion([9], [9]));
        using (Emulator.OpenRead("top.txt"))
        {
            Assert.That(Emulator.UpdateFileIfNeeded("top.txt", newer, PrjUpdateTypes.None, out var cause), Is.EqualTo(HResult.SharingViolation));
            Assert.That(cause, Is.EqualTo(PrjUpdateFailureCauses.None), "not a state the flags could allow");
            Assert.That(Emulator.DeleteFile("top.txt", PrjUpdateTypes.AllowDirtyData, out _), Is.EqualTo(HResult.SharingViolation));
            Assert.That(Emulator.GetItem("top.txt")?.State, Is.EqualTo(EmulatedItemState.HydratedPlaceholder), "unchanged");
        }

        Assert.That(Emulator.UpdateFileIfNeeded("top.txt", newer, PrjUpdateTypes.None, out _), Is.EqualTo(HResult.Ok), "once closed");
        Assert.That(Emulator.DeleteFile("top.txt", PrjUpdateTypes.None, out _), Is.EqualTo(HResult.Ok));
    }

    [Test]
    public void EmulatorNameOrderIsIndependentButAgreesOnTheDocumentedCore()
    {
        Assert.That(NameRulesSelfCheck.Disagreements(EmulatedNameOrder.Instance.Compare, ProjFsNameMatcher.IsManagedMatch, coreOnly: true), Is.Empty);
        Assert.That(EmulatedNameOrder.Instance.Compare("\uD801\uDC00", "\uD801\uDC28"), Is.Not.Zero,
            "a supplementary-plane case pair: NTFS upper-cases code units, so these are two names");
        Assert.That(ProjFsNameComparer.Managed.Compare("aB", "a_b"), Is.Negative);
        Assert.That(EmulatedNameOrder.Instance.Compare("aB", "a_b"), Is.Negative);
        Assert.That(EmulatedNameOrder.Instance.Compare("file10", "file9"), Is.Negative);
        Assert.That(EmulatedNameOrder.Instance.Equals("straße", "STRASSE"), Is.False, "no multi-character folding");
    }
}

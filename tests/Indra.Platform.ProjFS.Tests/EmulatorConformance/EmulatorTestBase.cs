using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.EmulatorConformance;

/// <summary>An emulator over a fresh root, driven by a <see cref="ScriptedProvider"/>.</summary>
public abstract class EmulatorTestBase
{
    /// <summary>Every notification.</summary>
    protected const PrjNotifyTypes AllNotifications = (PrjNotifyTypes)0x1FFE;

    private TempDirectory _dir = null!;

    /// <summary>The emulator.</summary>
    protected ProjFsEmulator Emulator { get; private set; } = null!;

    /// <summary>The provider.</summary>
    protected ScriptedProvider Provider { get; private set; } = null!;

    /// <summary>The emulator's options for the test (override to change).</summary>
    protected virtual EmulatorOptions EmulatorOptions => new();

    [SetUp]
    public void StartEmulator()
    {
        _dir = new TempDirectory();
        Emulator = new ProjFsEmulator(Path.Combine(_dir.Path, "root"), EmulatorOptions);
        Provider = new ScriptedProvider(Emulator)
            .File("a\\b\\f.txt", "hello world")
            .File("a\\c.txt", "c")
            .File("top.txt", "top")
            .Directory("empty");
        Assert.That(Emulator.MarkDirectoryAsPlaceholder(Emulator.RootDirectory, null, null, Guid.NewGuid()), Is.EqualTo(HResult.Ok));
        Start(AllNotifications);
    }

    [TearDown]
    public void StopEmulator()
    {
        Emulator.StopVirtualizing();
        _dir.Dispose();
    }

    /// <summary>(Re)starts with one mapping at the root.</summary>
    protected void Start(PrjNotifyTypes mask, bool negativeCache = true, params NotificationMapping[] more)
    {
        Emulator.StopVirtualizing();
        var options = new VirtualizationOptions(
            negativeCache ? PrjStartVirtualizingFlags.UseNegativePathCache : PrjStartVirtualizingFlags.None, 0, 0,
            [.. more, new NotificationMapping(mask, string.Empty)]);
        Assert.That(Emulator.StartVirtualizing(Emulator.RootDirectory, Provider, options), Is.EqualTo(HResult.Ok));
    }

    /// <summary>The trace without notifications.</summary>
    protected IReadOnlyList<string> Callbacks() => Emulator.Trace.Where(t => !t.StartsWith("Notification", StringComparison.Ordinal)).ToList();

    /// <summary>The HRESULT an application call fails with.</summary>
    protected static int HResultOf(TestDelegate call) => Assert.Throws<EmulatedIOException>(call)!.HResult;
}

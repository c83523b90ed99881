using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Interop;
using Indra.Platform.ProjFS.Native;

namespace Indra.Platform.ProjFS.Tests.Interop;

/// <summary>Struct sizes and field offsets against the x64 tables of reference/projfs.md §2.4 (and §2.2, §2.5).</summary>
[TestFixture]
public sealed class InteropLayoutTests
{
    [OneTimeSetUp]
    public void SixtyFourBitOnly() =>
        Assume.That(IntPtr.Size, Is.EqualTo(8), "the documented layouts are for 64-bit processes");

    [TestCase(typeof(PrjFileBasicInfo), 56)]
    [TestCase(typeof(PrjPlaceholderVersionInfo), 256)]
    [TestCase(typeof(PrjPlaceholderInfo), 344)]
    [TestCase(typeof(PrjCallbackData), 96)]
    [TestCase(typeof(PrjCallbacks), 64)]
    [TestCase(typeof(PrjStartVirtualizingOptions), 32)]
    [TestCase(typeof(PrjNotificationMapping), 16)]
    [TestCase(typeof(PrjExtendedInfo), 16)]
    [TestCase(typeof(PrjCompleteCommandExtendedParameters), 16)]
    [TestCase(typeof(PrjVirtualizationInstanceInfo), 20)]
    [TestCase(typeof(PrjNotificationParameters), 4)]
    [TestCase(typeof(PrjEaInformation), 8)]
    [TestCase(typeof(PrjSecurityInformation), 8)]
    [TestCase(typeof(PrjStreamsInformation), 8)]
    public void StructSizeMatchesTheHeader(Type type, int size)
    {
        Assert.That(Marshal.SizeOf(type), Is.EqualTo(size), "marshalled size");
        var unsafeSize = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
        Assert.That(unsafeSize, Is.EqualTo(size), "blittable size");
    }

    [TestCase(nameof(PrjCallbackData.Size), 0)]
    [TestCase(nameof(PrjCallbackData.Flags), 4)]
    [TestCase(nameof(PrjCallbackData.NamespaceVirtualizationContext), 8)]
    [TestCase(nameof(PrjCallbackData.CommandId), 16)]
    [TestCase(nameof(PrjCallbackData.FileId), 20)]
    [TestCase(nameof(PrjCallbackData.DataStreamId), 36)]
    [TestCase(nameof(PrjCallbackData.FilePathName), 56)]
    [TestCase(nameof(PrjCallbackData.VersionInfo), 64)]
    [TestCase(nameof(PrjCallbackData.TriggeringProcessId), 72)]
    [TestCase(nameof(PrjCallbackData.TriggeringProcessImageFileName), 80)]
    [TestCase(nameof(PrjCallbackData.InstanceContext), 88)]
    public void CallbackDataOffsets(string field, int offset) =>
        Assert.That((int)Marshal.OffsetOf<PrjCallbackData>(field), Is.EqualTo(offset));

    [TestCase(nameof(PrjFileBasicInfo.IsDirectory), 0)]
    [TestCase(nameof(PrjFileBasicInfo.FileSize), 8)]
    [TestCase(nameof(PrjFileBasicInfo.CreationTime), 16)]
    [TestCase(nameof(PrjFileBasicInfo.LastAccessTime), 24)]
    [TestCase(nameof(PrjFileBasicInfo.LastWriteTime), 32)]
    [TestCase(nameof(PrjFileBasicInfo.ChangeTime), 40)]
    [TestCase(nameof(PrjFileBasicInfo.FileAttributes), 48)]
    public void FileBasicInfoOffsets(string field, int offset) =>
        Assert.That((int)Marshal.OffsetOf<PrjFileBasicInfo>(field), Is.EqualTo(offset));

    [TestCase(nameof(PrjPlaceholderInfo.FileBasicInfo), 0)]
    [TestCase(nameof(PrjPlaceholderInfo.EaInformation), 56)]
    [TestCase(nameof(PrjPlaceholderInfo.SecurityInformation), 64)]
    [TestCase(nameof(PrjPlaceholderInfo.StreamsInformation), 72)]
    [TestCase(nameof(PrjPlaceholderInfo.VersionInfo), 80)]
    [TestCase(nameof(PrjPlaceholderInfo.VariableData), 336)]
    public void PlaceholderInfoOffsets(string field, int offset) =>
        Assert.That((int)Marshal.OffsetOf<PrjPlaceholderInfo>(field), Is.EqualTo(offset));

    [Test]
    public void VersionInfoHasProviderIdThenContentId()
    {
        Assert.That((int)Marshal.OffsetOf<PrjPlaceholderVersionInfo>(nameof(PrjPlaceholderVersionInfo.ProviderId)), Is.EqualTo(0));
        Assert.That((int)Marshal.OffsetOf<PrjPlaceholderVersionInfo>(nameof(PrjPlaceholderVersionInfo.ContentId)), Is.EqualTo(128));
    }

    [TestCase(nameof(PrjStartVirtualizingOptions.Flags), 0)]
    [TestCase(nameof(PrjStartVirtualizingOptions.PoolThreadCount), 4)]
    [TestCase(nameof(PrjStartVirtualizingOptions.ConcurrentThreadCount), 8)]
    [TestCase(nameof(PrjStartVirtualizingOptions.NotificationMappings), 16)]
    [TestCase(nameof(PrjStartVirtualizingOptions.NotificationMappingsCount), 24)]
    public void StartVirtualizingOptionsOffsets(string field, int offset) =>
        Assert.That((int)Marshal.OffsetOf<PrjStartVirtualizingOptions>(field), Is.EqualTo(offset));

    [Test]
    public void SmallStructOffsets()
    {
        Assert.That((int)Marshal.OffsetOf<PrjNotificationMapping>(nameof(PrjNotificationMapping.NotificationRoot)), Is.EqualTo(8));
        Assert.That((int)Marshal.OffsetOf<PrjExtendedInfo>(nameof(PrjExtendedInfo.NextInfoOffset)), Is.EqualTo(4));
        Assert.That((int)Marshal.OffsetOf<PrjExtendedInfo>(nameof(PrjExtendedInfo.SymlinkTargetName)), Is.EqualTo(8));
        Assert.That((int)Marshal.OffsetOf<PrjCompleteCommandExtendedParameters>(nameof(PrjCompleteCommandExtendedParameters.DirEntryBufferHandle)), Is.EqualTo(8));
        Assert.That((int)Marshal.OffsetOf<PrjCompleteCommandExtendedParameters>(nameof(PrjCompleteCommandExtendedParameters.NotificationMask)), Is.EqualTo(8));
        Assert.That((int)Marshal.OffsetOf<PrjVirtualizationInstanceInfo>(nameof(PrjVirtualizationInstanceInfo.WriteAlignment)), Is.EqualTo(16));
    }

    [Test]
    public void CallbacksAreInHeaderOrderStartEndGet()
    {
        string[] order =
        [
            nameof(PrjCallbacks.StartDirectoryEnumerationCallback), nameof(PrjCallbacks.EndDirectoryEnumerationCallback),
            nameof(PrjCallbacks.GetDirectoryEnumerationCallback), nameof(PrjCallbacks.GetPlaceholderInfoCallback),
            nameof(PrjCallbacks.GetFileDataCallback), nameof(PrjCallbacks.QueryFileNameCallback),
            nameof(PrjCallbacks.NotificationCallback), nameof(PrjCallbacks.CancelCommandCallback),
        ];
        for (var i = 0; i < order.Length; i++)
        {
            Assert.That((int)Marshal.OffsetOf<PrjCallbacks>(order[i]), Is.EqualTo(i * 8), order[i]);
        }
    }

    [Test]
    public void TrampolinesAreUnmanagedCallersOnlyStdcall()
    {
        var methods = typeof(CallbackTrampolines).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<UnmanagedCallersOnlyAttribute>() is not null)
            .ToList();
        Assert.That(methods.Select(m => m.Name), Is.EquivalentTo(new[]
        {
            "StartDirectoryEnumeration", "EndDirectoryEnumeration", "GetDirectoryEnumeration", "GetPlaceholderInfo",
            "GetFileData", "QueryFileName", "Notification", "CancelCommand",
        }));
        foreach (var method in methods)
        {
            var attribute = method.GetCustomAttribute<UnmanagedCallersOnlyAttribute>()!;
            Assert.That(attribute.CallConvs, Is.EqualTo(new[] { typeof(CallConvStdcall) }), method.Name);
        }
    }

    [Test]
    public void ImportsUseLibraryImportAgainstProjectedFSLib()
    {
        var imports = typeof(ProjectedFSLib).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name.StartsWith("Prj", StringComparison.Ordinal) && m.GetCustomAttribute<LibraryImportAttribute>() is not null)
            .ToList();
        Assert.That(imports, Has.Count.GreaterThanOrEqualTo(19));
        Assert.That(imports.Select(m => m.GetCustomAttribute<LibraryImportAttribute>()!.LibraryName), Has.All.EqualTo("ProjectedFSLib.dll"));
        Assert.That(imports.Where(m => m.Name is not ("PrjStopVirtualizing" or "PrjAllocateAlignedBuffer" or "PrjFreeAlignedBuffer"
                or "PrjFileNameMatch" or "PrjFileNameCompare" or "PrjDoesNameContainWildCards")).Select(m => m.ReturnType),
            Has.All.EqualTo(typeof(int)), "HRESULT returns");
    }
}

using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Interop;
using Indra.Platform.ProjFS.Native;

namespace Indra.Platform.ProjFS.Tests.Interop;

/// <summary>The copies between native structs and their managed forms (the part of the trampolines Linux can run).</summary>
[TestFixture]
public sealed unsafe class NativeMarshallingTests
{
    [Test]
    public void CallbackDataIsCopiedWithItsStrings()
    {
        var version = new PrjPlaceholderVersionInfo();
        version.ProviderId[0] = 7;
        version.ContentId[127] = 9;
        fixed (char* path = "vault\\a.txt")
        fixed (char* image = "C:\\app.exe")
        {
            var native = new PrjCallbackData
            {
                Size = (uint)sizeof(PrjCallbackData),
                Flags = PrjCallbackDataFlags.RestartScan,
                CommandId = 42,
                FileId = Guid.NewGuid(),
                DataStreamId = Guid.NewGuid(),
                FilePathName = path,
                VersionInfo = &version,
                TriggeringProcessId = 77,
                TriggeringProcessImageFileName = image,
                InstanceContext = 1234,
            };

            var managed = NativeMarshalling.ToManaged(&native);

            Assert.That(managed.FilePathName, Is.EqualTo("vault\\a.txt"));
            Assert.That(managed.Flags, Is.EqualTo(PrjCallbackDataFlags.RestartScan));
            Assert.That(managed.CommandId, Is.EqualTo(42));
            Assert.That(managed.FileId, Is.EqualTo(native.FileId));
            Assert.That(managed.DataStreamId, Is.EqualTo(native.DataStreamId));
            Assert.That(managed.VersionInfo!.ProviderId[0], Is.EqualTo(7));
            Assert.That(managed.VersionInfo.ContentId[127], Is.EqualTo(9));
            Assert.That(managed.TriggeringProcessId, Is.EqualTo(77u));
            Assert.That(managed.TriggeringProcessImageFileName, Is.EqualTo("C:\\app.exe"));
            Assert.That(NativeMarshalling.InstanceContext(&native), Is.EqualTo((nint)1234));
        }
    }

    [Test]
    public void FieldsPastTheReportedSizeAreNotRead()
    {
        fixed (char* path = "x")
        {
            var native = new PrjCallbackData { Size = 64, FilePathName = path, TriggeringProcessId = 5, InstanceContext = 99 };
            var managed = NativeMarshalling.ToManaged(&native);
            Assert.That(managed.TriggeringProcessId, Is.Zero);
            Assert.That(NativeMarshalling.InstanceContext(&native), Is.EqualTo(nint.Zero));
        }
    }

    [Test]
    public void PlaceholderInfoIsLaidOutWithVersionIds()
    {
        var info = new PlaceholderInfo(
            new FileBasicInfo(false, 1234, 1, 2, 3, 4, FileAttributeBits.ReadOnly),
            new PlaceholderVersion([1, 2, 3], [9, 8, 7]));
        var native = NativeMarshalling.ToNative(info);
        Assert.That(native.FileBasicInfo.FileSize, Is.EqualTo(1234));
        Assert.That(native.FileBasicInfo.IsDirectory, Is.Zero);
        Assert.That(native.FileBasicInfo.FileAttributes, Is.EqualTo(FileAttributeBits.ReadOnly));
        Assert.That(native.VersionInfo.ProviderId[2], Is.EqualTo(3));
        Assert.That(native.VersionInfo.ContentId[0], Is.EqualTo(9));
        Assert.That(native.EaInformation.EaBufferSize, Is.Zero);
    }

    [Test]
    public void TrampolineTableFillsEveryMember()
    {
        // Taking the trampolines' addresses works on any OS; only ProjFS calling them needs Windows.
#pragma warning disable CA1416
        var table = CallbackTrampolines.Table();
#pragma warning restore CA1416
        var pointers = new[]
        {
            (nint)table.StartDirectoryEnumerationCallback, (nint)table.EndDirectoryEnumerationCallback,
            (nint)table.GetDirectoryEnumerationCallback, (nint)table.GetPlaceholderInfoCallback, (nint)table.GetFileDataCallback,
            (nint)table.QueryFileNameCallback, (nint)table.NotificationCallback, (nint)table.CancelCommandCallback,
        };
        Assert.That(pointers, Has.All.Not.EqualTo(nint.Zero));
        Assert.That(pointers.Distinct().Count(), Is.EqualTo(8));
    }
}

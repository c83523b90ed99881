using System.Reflection;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Interop;

/// <summary>
/// Every <see cref="HResult"/> constant against the decimal Win32 error number winerror.h gives it (learn.microsoft.com,
/// "System Error Codes"), wrapped as HRESULT_FROM_WIN32 here, independently of the hex literals in HResult.cs.
/// </summary>
[TestFixture]
public sealed class HResultTableTests
{
    /// <summary>Constant name → (winerror name, decimal code). E_OUTOFMEMORY and E_HANDLE are the HRESULT forms of 14 and 6.</summary>
    private static readonly Dictionary<string, (string WinError, int Code)> Documented = new()
    {
        [nameof(HResult.OutOfMemory)] = ("ERROR_OUTOFMEMORY", 14),
        [nameof(HResult.InvalidHandle)] = ("ERROR_INVALID_HANDLE", 6),
        [nameof(HResult.FileNotFound)] = ("ERROR_FILE_NOT_FOUND", 2),
        [nameof(HResult.PathNotFound)] = ("ERROR_PATH_NOT_FOUND", 3),
        [nameof(HResult.AccessDenied)] = ("ERROR_ACCESS_DENIED", 5),
        [nameof(HResult.SharingViolation)] = ("ERROR_SHARING_VIOLATION", 32),
        [nameof(HResult.NotSupported)] = ("ERROR_NOT_SUPPORTED", 50),
        [nameof(HResult.FileExists)] = ("ERROR_FILE_EXISTS", 80),
        [nameof(HResult.InvalidParameter)] = ("ERROR_INVALID_PARAMETER", 87),
        [nameof(HResult.InsufficientBuffer)] = ("ERROR_INSUFFICIENT_BUFFER", 122),
        [nameof(HResult.InvalidName)] = ("ERROR_INVALID_NAME", 123),
        [nameof(HResult.DiskFull)] = ("ERROR_DISK_FULL", 112),
        [nameof(HResult.DiskQuotaExceeded)] = ("ERROR_DISK_QUOTA_EXCEEDED", 1295),
        [nameof(HResult.DirectoryNotEmpty)] = ("ERROR_DIR_NOT_EMPTY", 145),
        [nameof(HResult.AlreadyExists)] = ("ERROR_ALREADY_EXISTS", 183),
        [nameof(HResult.NotADirectory)] = ("ERROR_DIRECTORY", 267),
        [nameof(HResult.OffsetAlignmentViolation)] = ("ERROR_OFFSET_ALIGNMENT_VIOLATION", 327),
        [nameof(HResult.VirtualizationUnavailable)] = ("ERROR_FILE_SYSTEM_VIRTUALIZATION_UNAVAILABLE", 369),
        [nameof(HResult.VirtualizationProviderUnknown)] = ("ERROR_FILE_SYSTEM_VIRTUALIZATION_PROVIDER_UNKNOWN", 372),
        [nameof(HResult.VirtualizationInvalidOperation)] = ("ERROR_FILE_SYSTEM_VIRTUALIZATION_INVALID_OPERATION", 385),
        [nameof(HResult.IoPending)] = ("ERROR_IO_PENDING", 997),
        [nameof(HResult.IoDevice)] = ("ERROR_IO_DEVICE", 1117),
        [nameof(HResult.InternalError)] = ("ERROR_INTERNAL_ERROR", 1359),
        [nameof(HResult.ReparseTagMismatch)] = ("ERROR_REPARSE_TAG_MISMATCH", 4394),
        [nameof(HResult.ReparsePointEncountered)] = ("ERROR_REPARSE_POINT_ENCOUNTERED", 4395),
    };

    private static IEnumerable<FieldInfo> Constants() =>
        typeof(HResult).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.Name != nameof(HResult.Ok));

    [Test]
    public void EveryConstantIsInTheTable() =>
        Assert.That(Constants().Select(f => f.Name), Is.EquivalentTo(Documented.Keys), "a new HResult constant needs its winerror number here");

    [Test]
    public void EveryConstantIsHResultFromWin32OfItsDocumentedNumber()
    {
        Assert.Multiple(() =>
        {
            foreach (var field in Constants())
            {
                var (winError, code) = Documented[field.Name];
                var expected = unchecked((int)(0x80070000u | (uint)code));
                Assert.That((int)field.GetRawConstantValue()!, Is.EqualTo(expected),
                    $"{field.Name} should be HRESULT_FROM_WIN32({winError} = {code}) = {HResult.Format(expected)}");
            }
        });
    }

    [Test]
    public void ProviderUnknownIs372NotTheMetadataCorruptCode()
    {
        var providerUnknown = (int)typeof(HResult).GetField(nameof(HResult.VirtualizationProviderUnknown))!.GetRawConstantValue()!;
        Assert.That(HResult.Format(providerUnknown), Is.EqualTo("0x80070174"));
        Assert.That(providerUnknown, Is.Not.EqualTo(HResult.FromWin32(370)), "370 is ERROR_FILE_SYSTEM_VIRTUALIZATION_METADATA_CORRUPT");
    }
}

namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// The HRESULT values that ProjFS callbacks return and ProjFS functions report (projfs.md §2.6). Win32 errors are
/// wrapped as <c>HRESULT_FROM_WIN32(code)</c> = <c>0x80070000 | code</c>.
/// </summary>
/// <remarks>
/// A callback may return only <see cref="Ok"/>, <see cref="OutOfMemory"/>, <see cref="IoPending"/>,
/// <see cref="InsufficientBuffer"/>, <see cref="FileNotFound"/>, <see cref="InvalidParameter"/>,
/// <see cref="AccessDenied"/> or an error some ProjFS function returned to it; ProjFS reports anything else to the
/// application as STATUS_INTERNAL_ERROR (win32 docs, provider-overview.md).
/// </remarks>
public static class HResult
{
    /// <summary>S_OK: success.</summary>
    public const int Ok = 0;
    /// <summary>E_OUTOFMEMORY (0x8007000E).</summary>
    public const int OutOfMemory = unchecked((int)0x8007000E);
    /// <summary>E_HANDLE (0x80070006): PrjWriteFileData after the application closed its handle.</summary>
    public const int InvalidHandle = unchecked((int)0x80070006);
    /// <summary>ERROR_FILE_NOT_FOUND (0x80070002): not in the backing store.</summary>
    public const int FileNotFound = unchecked((int)0x80070002);
    /// <summary>ERROR_PATH_NOT_FOUND (0x80070003).</summary>
    public const int PathNotFound = unchecked((int)0x80070003);
    /// <summary>ERROR_ACCESS_DENIED (0x80070005): the provider vetoed the operation.</summary>
    public const int AccessDenied = unchecked((int)0x80070005);
    /// <summary>ERROR_SHARING_VIOLATION (0x80070020): another handle is open without the sharing the call needs
    /// (PrjUpdateFileIfNeeded and PrjDeleteFile while an application holds the file open).</summary>
    public const int SharingViolation = unchecked((int)0x80070020);
    /// <summary>ERROR_NOT_SUPPORTED (0x80070032): e.g. renaming a partial (placeholder) directory.</summary>
    public const int NotSupported = unchecked((int)0x80070032);
    /// <summary>ERROR_FILE_EXISTS (0x80070050).</summary>
    public const int FileExists = unchecked((int)0x80070050);
    /// <summary>ERROR_INVALID_PARAMETER (0x80070057): e.g. an unknown enumeration id.</summary>
    public const int InvalidParameter = unchecked((int)0x80070057);
    /// <summary>ERROR_DISK_FULL (0x80070070): the vault has no room (ENOSPC).</summary>
    public const int DiskFull = unchecked((int)0x80070070);
    /// <summary>ERROR_DISK_QUOTA_EXCEEDED (0x8007050F): the vault's quota is reached (EDQUOT; machine policy quota.*).</summary>
    public const int DiskQuotaExceeded = unchecked((int)0x8007050F);
    /// <summary>ERROR_INSUFFICIENT_BUFFER (0x8007007A).</summary>
    public const int InsufficientBuffer = unchecked((int)0x8007007A);
    /// <summary>ERROR_INVALID_NAME (0x8007007B): a name Windows cannot hold (a reserved character or device name).</summary>
    public const int InvalidName = unchecked((int)0x8007007B);
    /// <summary>ERROR_DIR_NOT_EMPTY (0x80070091).</summary>
    public const int DirectoryNotEmpty = unchecked((int)0x80070091);
    /// <summary>ERROR_ALREADY_EXISTS (0x800700B7).</summary>
    public const int AlreadyExists = unchecked((int)0x800700B7);
    /// <summary>ERROR_DIRECTORY (0x8007010B): the target is not a directory.</summary>
    public const int NotADirectory = unchecked((int)0x8007010B);
    /// <summary>ERROR_OFFSET_ALIGNMENT_VIOLATION (0x80070147).</summary>
    public const int OffsetAlignmentViolation = unchecked((int)0x80070147);
    /// <summary>ERROR_FILE_SYSTEM_VIRTUALIZATION_UNAVAILABLE (0x80070171): the provider is not running.</summary>
    public const int VirtualizationUnavailable = unchecked((int)0x80070171);
    /// <summary>ERROR_FILE_SYSTEM_VIRTUALIZATION_PROVIDER_UNKNOWN (372, 0x80070174): no provider is attached to the root.</summary>
    public const int VirtualizationProviderUnknown = unchecked((int)0x80070174);
    /// <summary>ERROR_FILE_SYSTEM_VIRTUALIZATION_INVALID_OPERATION (0x80070181): refused because of the item's state.</summary>
    public const int VirtualizationInvalidOperation = unchecked((int)0x80070181);
    /// <summary>ERROR_IO_PENDING (0x800703E5): the callback completes later through PrjCompleteCommand.</summary>
    public const int IoPending = unchecked((int)0x800703E5);
    /// <summary>ERROR_IO_DEVICE (0x8007045D): the backing store failed to read or write (reaches the app as STATUS_INTERNAL_ERROR).</summary>
    public const int IoDevice = unchecked((int)0x8007045D);
    /// <summary>ERROR_INTERNAL_ERROR (0x8007054F): what an application sees for a callback result outside the allowed set.</summary>
    public const int InternalError = unchecked((int)0x8007054F);
    /// <summary>ERROR_REPARSE_TAG_MISMATCH (0x8007112A): PrjStartVirtualizing on a root that was never marked.</summary>
    public const int ReparseTagMismatch = unchecked((int)0x8007112A);
    /// <summary>ERROR_REPARSE_POINT_ENCOUNTERED (0x8007112B): the directory is already a placeholder or root.</summary>
    public const int ReparsePointEncountered = unchecked((int)0x8007112B);

    /// <summary>True for S_OK and other success codes (the sign bit clear).</summary>
    public static bool Succeeded(int hresult) => hresult >= 0;

    /// <summary><c>HRESULT_FROM_WIN32</c>: wraps a Win32 error code (0 stays S_OK).</summary>
    public static int FromWin32(int win32Error) =>
        win32Error <= 0 ? win32Error : unchecked((int)(0x80070000u | ((uint)win32Error & 0xFFFFu)));

    /// <summary>True when <paramref name="hresult"/> is one of the seven results a callback may return (projfs.md §2.6).</summary>
    public static bool IsAllowedCallbackResult(int hresult) => hresult is Ok or OutOfMemory or IoPending
        or InsufficientBuffer or FileNotFound or InvalidParameter or AccessDenied;

    /// <summary>Formats an HRESULT as <c>0x8007xxxx</c>.</summary>
    public static string Format(int hresult) => "0x" + ((uint)hresult).ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
}

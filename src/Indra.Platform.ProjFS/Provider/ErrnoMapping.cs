using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Maps vault filesystem errors to the HRESULTs a ProjFS callback may return (projfs.md §2.6): missing names become
/// ERROR_FILE_NOT_FOUND, permission errors ERROR_ACCESS_DENIED, bad arguments ERROR_INVALID_PARAMETER, a full vault ERROR_DISK_FULL and a reached quota
/// ERROR_DISK_QUOTA_EXCEEDED. Anything
/// else becomes ERROR_IO_DEVICE, which ProjFS reports to the application as STATUS_INTERNAL_ERROR.
/// </summary>
internal static class ErrnoMapping
{
    /// <summary>The callback result for <paramref name="errno"/>.</summary>
    public static int ToCallbackResult(Errno errno) => errno switch
    {
        Errno.None => HResult.Ok,
        Errno.ENOENT or Errno.ENOTDIR or Errno.ENAMETOOLONG => HResult.FileNotFound,
        Errno.EACCES or Errno.EPERM or Errno.EROFS => HResult.AccessDenied,
        Errno.EINVAL => HResult.InvalidParameter,
        Errno.ENOSPC => HResult.DiskFull,
        Errno.EDQUOT => HResult.DiskQuotaExceeded,
        _ => HResult.IoDevice,
    };
}

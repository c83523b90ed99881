namespace Indra.FileSystem;

/// <summary>
/// POSIX error numbers with their Linux (x86_64, aarch64) values, as returned by every operation of
/// <see cref="IVaultFileSystem"/>. <see cref="None"/> means success. The FUSE host passes the value to
/// <c>fuse_reply_err</c> unchanged (positive, as libfuse's header requires); the ProjFS host maps it to an HRESULT.
/// </summary>
public enum Errno
{
    /// <summary>Success.</summary>
    None = 0,
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,
    /// <summary>No such file or directory.</summary>
    ENOENT = 2,
    /// <summary>Input/output error (also: an unexpected internal failure, always logged).</summary>
    EIO = 5,
    /// <summary>No such device or address (lseek SEEK_DATA/SEEK_HOLE at or past the end of the file; open(2) of a socket or of a device node whose device is absent).</summary>
    ENXIO = 6,
    /// <summary>Argument list too long (an extended attribute value over 64 KiB).</summary>
    E2BIG = 7,
    /// <summary>Bad file handle.</summary>
    EBADF = 9,
    /// <summary>Resource temporarily unavailable.</summary>
    EAGAIN = 11,
    /// <summary>Permission denied.</summary>
    EACCES = 13,
    /// <summary>Device or resource busy.</summary>
    EBUSY = 16,
    /// <summary>File exists.</summary>
    EEXIST = 17,
    /// <summary>Cross-device link (e.g. a rename between /vault and a read-only view).</summary>
    EXDEV = 18,
    /// <summary>Not a directory.</summary>
    ENOTDIR = 20,
    /// <summary>Is a directory.</summary>
    EISDIR = 21,
    /// <summary>Invalid argument.</summary>
    EINVAL = 22,
    /// <summary>File too large.</summary>
    EFBIG = 27,
    /// <summary>No space left on device.</summary>
    ENOSPC = 28,
    /// <summary>Read-only file system.</summary>
    EROFS = 30,
    /// <summary>Too many links.</summary>
    EMLINK = 31,
    /// <summary>Result too large (an extended attribute value larger than the caller's buffer).</summary>
    ERANGE = 34,
    /// <summary>File name too long (a name over 255 bytes of UTF-8).</summary>
    ENAMETOOLONG = 36,
    /// <summary>Function not implemented.</summary>
    ENOSYS = 38,
    /// <summary>Directory not empty.</summary>
    ENOTEMPTY = 39,
    /// <summary>Too many levels of symbolic links.</summary>
    ELOOP = 40,
    /// <summary>No such extended attribute (Linux's ENOATTR).</summary>
    ENODATA = 61,
    /// <summary>Operation not supported.</summary>
    EOPNOTSUPP = 95,
}

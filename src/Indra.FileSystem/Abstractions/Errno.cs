namespace Indra.FileSystem;

/// <summary>
/// The POSIX errors every operation of <see cref="IVaultFileSystem"/> returns, as a portable enum: the members carry
/// the POSIX names, but their values are no operating system's numbers (Linux and Darwin number several of them
/// differently, e.g. EAGAIN is 11 on Linux and 35 on Darwin). Never cast a member to an integer for the kernel: each
/// host maps it, the FUSE host through its Linux and Darwin tables (<c>fuse_reply_err</c> takes the platform's
/// positive errno), the ProjFS host to an HRESULT. <see cref="None"/> (0) means success.
/// </summary>
public enum Errno
{
    /// <summary>Success.</summary>
    None = 0,
    /// <summary>Operation not permitted.</summary>
    EPERM,
    /// <summary>No such file or directory.</summary>
    ENOENT,
    /// <summary>Input/output error (also: an unexpected internal failure, always logged).</summary>
    EIO,
    /// <summary>No such device or address (lseek SEEK_DATA/SEEK_HOLE at or past the end of the file; open(2) of a socket or of a device node whose device is absent).</summary>
    ENXIO,
    /// <summary>Argument list too long (an extended attribute value over 64 KiB).</summary>
    E2BIG,
    /// <summary>Bad file handle.</summary>
    EBADF,
    /// <summary>Resource temporarily unavailable.</summary>
    EAGAIN,
    /// <summary>Permission denied.</summary>
    EACCES,
    /// <summary>Device or resource busy.</summary>
    EBUSY,
    /// <summary>File exists.</summary>
    EEXIST,
    /// <summary>Cross-device link (e.g. a rename between /vault and a read-only view).</summary>
    EXDEV,
    /// <summary>Not a directory.</summary>
    ENOTDIR,
    /// <summary>Is a directory.</summary>
    EISDIR,
    /// <summary>Invalid argument.</summary>
    EINVAL,
    /// <summary>File too large.</summary>
    EFBIG,
    /// <summary>No space left on device.</summary>
    ENOSPC,
    /// <summary>Read-only file system.</summary>
    EROFS,
    /// <summary>Too many links.</summary>
    EMLINK,
    /// <summary>Result too large (an extended attribute value larger than the caller's buffer).</summary>
    ERANGE,
    /// <summary>File name too long (a name over 255 bytes of UTF-8).</summary>
    ENAMETOOLONG,
    /// <summary>Function not implemented.</summary>
    ENOSYS,
    /// <summary>Directory not empty.</summary>
    ENOTEMPTY,
    /// <summary>Too many levels of symbolic links.</summary>
    ELOOP,
    /// <summary>No such extended attribute: ENODATA on Linux (where ENOATTR is defined as ENODATA), ENOATTR on Darwin.</summary>
    ENODATA,
    /// <summary>Operation not supported: EOPNOTSUPP on Linux (the same number as ENOTSUP), ENOTSUP on Darwin.</summary>
    EOPNOTSUPP,
    /// <summary>Disk quota exceeded (a machine policy's quota, docs/policy.md): EDQUOT, 122 on Linux, 69 on Darwin.</summary>
    EDQUOT,
}

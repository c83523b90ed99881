using Indra.FileSystem;

namespace Indra.Platform.Fuse.Errors;

/// <summary>
/// The Linux numbers of <see cref="Errno"/>, as the kernel's uapi headers define them
/// (<c>asm-generic/errno-base.h</c> and <c>asm-generic/errno.h</c>, the same on x86_64 and aarch64).
/// </summary>
internal static class LinuxErrno
{
    /// <summary>The Linux number of <paramref name="errno"/>: positive, 0 for <see cref="Errno.None"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errno"/> is not a member of the enum.</exception>
    public static int ToNative(Errno errno) => errno switch
    {
        Errno.None => 0,
        Errno.EPERM => 1,
        Errno.ENOENT => 2,
        Errno.EIO => 5,
        Errno.ENXIO => 6,
        Errno.E2BIG => 7,
        Errno.EBADF => 9,
        Errno.EAGAIN => 11,
        Errno.EACCES => 13,
        Errno.EBUSY => 16,
        Errno.EEXIST => 17,
        Errno.EXDEV => 18,
        Errno.ENOTDIR => 20,
        Errno.EISDIR => 21,
        Errno.EINVAL => 22,
        Errno.EFBIG => 27,
        Errno.ENOSPC => 28,
        Errno.EROFS => 30,
        Errno.EMLINK => 31,
        Errno.ERANGE => 34,
        Errno.ENAMETOOLONG => 36,
        Errno.ENOSYS => 38,
        Errno.ENOTEMPTY => 39,
        Errno.ELOOP => 40,
        // ENOATTR is not a Linux number: <attr/xattr.h> and the kernel's xattr code use ENODATA for it.
        Errno.ENODATA => 61,
        // ENOTSUP is the same number on Linux.
        Errno.EOPNOTSUPP => 95,
        _ => throw new ArgumentOutOfRangeException(nameof(errno), errno, "not a member of Errno"),
    };

    /// <summary>The member for Linux number <paramref name="number"/>, or null for a number the enum does not name.</summary>
    public static Errno? FromNative(int number) => number switch
    {
        0 => Errno.None,
        1 => Errno.EPERM,
        2 => Errno.ENOENT,
        5 => Errno.EIO,
        6 => Errno.ENXIO,
        7 => Errno.E2BIG,
        9 => Errno.EBADF,
        11 => Errno.EAGAIN,
        13 => Errno.EACCES,
        16 => Errno.EBUSY,
        17 => Errno.EEXIST,
        18 => Errno.EXDEV,
        20 => Errno.ENOTDIR,
        21 => Errno.EISDIR,
        22 => Errno.EINVAL,
        27 => Errno.EFBIG,
        28 => Errno.ENOSPC,
        30 => Errno.EROFS,
        31 => Errno.EMLINK,
        34 => Errno.ERANGE,
        36 => Errno.ENAMETOOLONG,
        38 => Errno.ENOSYS,
        39 => Errno.ENOTEMPTY,
        40 => Errno.ELOOP,
        61 => Errno.ENODATA,
        95 => Errno.EOPNOTSUPP,
        _ => null,
    };
}

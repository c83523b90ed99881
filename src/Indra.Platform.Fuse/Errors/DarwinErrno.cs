using Indra.FileSystem;

namespace Indra.Platform.Fuse.Errors;

/// <summary>
/// The Darwin (macOS) numbers of <see cref="Errno"/>, as <c>sys/errno.h</c> of xnu defines them. Two members take
/// the Darwin error that carries their meaning rather than the one of the same name: <see cref="Errno.ENODATA"/> (no
/// such extended attribute) is ENOATTR 93, since Darwin's ENODATA (96) is the STREAMS error "no message available";
/// <see cref="Errno.EOPNOTSUPP"/> is ENOTSUP 45, since Darwin's discrete EOPNOTSUPP (102) means "operation not
/// supported on socket".
/// </summary>
internal static class DarwinErrno
{
    /// <summary>Darwin's ENODATA, "no message available on STREAM"; read back as <see cref="Errno.ENODATA"/>.</summary>
    public const int StreamNoData = 96;

    /// <summary>Darwin's discrete EOPNOTSUPP, "operation not supported on socket"; read back as <see cref="Errno.EOPNOTSUPP"/>.</summary>
    public const int SocketNotSupported = 102;

    /// <summary>The Darwin number of <paramref name="errno"/>: positive, 0 for <see cref="Errno.None"/>.</summary>
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
        Errno.EAGAIN => 35,
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
        Errno.ENAMETOOLONG => 63,
        Errno.ENOSYS => 78,
        Errno.ENOTEMPTY => 66,
        Errno.ELOOP => 62,
        Errno.ENODATA => 93,
        Errno.EOPNOTSUPP => 45,
        _ => throw new ArgumentOutOfRangeException(nameof(errno), errno, "not a member of Errno"),
    };

    /// <summary>The member for Darwin number <paramref name="number"/>, or null for a number the enum does not name.</summary>
    public static Errno? FromNative(int number) => number switch
    {
        0 => Errno.None,
        1 => Errno.EPERM,
        2 => Errno.ENOENT,
        5 => Errno.EIO,
        6 => Errno.ENXIO,
        7 => Errno.E2BIG,
        9 => Errno.EBADF,
        35 => Errno.EAGAIN,
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
        63 => Errno.ENAMETOOLONG,
        78 => Errno.ENOSYS,
        66 => Errno.ENOTEMPTY,
        62 => Errno.ELOOP,
        93 or StreamNoData => Errno.ENODATA,
        45 or SocketNotSupported => Errno.EOPNOTSUPP,
        _ => null,
    };
}

using Indra.FileSystem;

namespace Indra.Platform.Fuse.Errors;

/// <summary>
/// The Linux and Darwin numbers of every <see cref="Errno"/> member, and the table of the platform the host runs on
/// (<see cref="Current"/>: <see cref="Darwin"/> when <see cref="OperatingSystem.IsMacOS"/>, else <see cref="Linux"/>).
/// Every errno that goes to libfuse or the kernel passes through <see cref="ErrnoTable.ToNative"/>, every errno that
/// comes back from a native call through <see cref="ErrnoTable.FromNative"/>.
/// </summary>
/// <remarks>
/// Linux numbers are those of the kernel's uapi headers (<c>asm-generic/errno-base.h</c>, <c>asm-generic/errno.h</c>,
/// the same on x86_64 and aarch64); Darwin numbers those of xnu's <c>sys/errno.h</c>. Two members take the Darwin error
/// that carries their meaning rather than the one of the same name: <see cref="Errno.ENODATA"/> (no such extended
/// attribute) is ENOATTR 93, as Darwin's ENODATA (96) is the STREAMS error "no message available", and
/// <see cref="Errno.EOPNOTSUPP"/> is ENOTSUP 45, as Darwin's discrete EOPNOTSUPP (102) means "operation not supported
/// on socket"; Linux gives each pair one number (ENOATTR is ENODATA 61, ENOTSUP is EOPNOTSUPP 95).
/// </remarks>
internal static class ErrnoTables
{
    /// <summary>Darwin's ENODATA, "no message available on STREAM"; read back as <see cref="Errno.ENODATA"/>.</summary>
    public const int DarwinStreamNoData = 96;

    /// <summary>Darwin's discrete EOPNOTSUPP, "operation not supported on socket"; read back as <see cref="Errno.EOPNOTSUPP"/>.</summary>
    public const int DarwinSocketNotSupported = 102;

    private static readonly (Errno Member, int Linux, int Darwin)[] Rows =
    [
        (Errno.None, 0, 0),
        (Errno.EPERM, 1, 1),
        (Errno.ENOENT, 2, 2),
        (Errno.EIO, 5, 5),
        (Errno.ENXIO, 6, 6),
        (Errno.E2BIG, 7, 7),
        (Errno.EBADF, 9, 9),
        (Errno.EAGAIN, 11, 35),
        (Errno.EACCES, 13, 13),
        (Errno.EBUSY, 16, 16),
        (Errno.EEXIST, 17, 17),
        (Errno.EXDEV, 18, 18),
        (Errno.ENOTDIR, 20, 20),
        (Errno.EISDIR, 21, 21),
        (Errno.EINVAL, 22, 22),
        (Errno.EFBIG, 27, 27),
        (Errno.ENOSPC, 28, 28),
        (Errno.EROFS, 30, 30),
        (Errno.EMLINK, 31, 31),
        (Errno.ERANGE, 34, 34),
        (Errno.ENAMETOOLONG, 36, 63),
        (Errno.ENOSYS, 38, 78),
        (Errno.ENOTEMPTY, 39, 66),
        (Errno.ELOOP, 40, 62),
        (Errno.ENODATA, 61, 93),
        (Errno.EOPNOTSUPP, 95, 45),
        (Errno.EDQUOT, 122, 69),
    ];

    /// <summary>Linux's numbers.</summary>
    public static readonly ErrnoTable Linux = new("Linux", Rows.Select(row => (row.Member, row.Linux)), []);

    /// <summary>Darwin's numbers.</summary>
    public static readonly ErrnoTable Darwin = new(
        "Darwin",
        Rows.Select(row => (row.Member, row.Darwin)),
        [(DarwinStreamNoData, Errno.ENODATA), (DarwinSocketNotSupported, Errno.EOPNOTSUPP)]);

    /// <summary>The table of the platform this process runs on.</summary>
    public static ErrnoTable Current => OperatingSystem.IsMacOS() ? Darwin : Linux;
}

using Indra.Engine.Domain;

namespace Indra.FileSystem;

/// <summary>The <c>st_mode</c> type bits and helpers (values from Linux <c>sys/stat.h</c>, listed in inode(7)).</summary>
public static class FileModes
{
    /// <summary>Mask of the type bits (S_IFMT).</summary>
    public const uint TypeMask = 0xF000;
    /// <summary>Regular file (S_IFREG).</summary>
    public const uint Regular = 0x8000;
    /// <summary>Directory (S_IFDIR).</summary>
    public const uint Directory = 0x4000;
    /// <summary>Symbolic link (S_IFLNK).</summary>
    public const uint Symlink = 0xA000;
    /// <summary>Named pipe (S_IFIFO).</summary>
    public const uint Fifo = 0x1000;
    /// <summary>Unix domain socket (S_IFSOCK).</summary>
    public const uint Socket = 0xC000;
    /// <summary>Character device (S_IFCHR).</summary>
    public const uint CharacterDevice = 0x2000;
    /// <summary>Block device (S_IFBLK).</summary>
    public const uint BlockDevice = 0x6000;
    /// <summary>Mask of permission bits including setuid, setgid and sticky.</summary>
    public const uint PermissionMask = 0xFFF;

    /// <summary>The type bits for <paramref name="kind"/>.</summary>
    public static uint TypeBits(NodeKind kind) => kind switch
    {
        NodeKind.Directory => Directory,
        NodeKind.Symlink => Symlink,
        NodeKind.Fifo => Fifo,
        NodeKind.Socket => Socket,
        NodeKind.CharacterDevice => CharacterDevice,
        NodeKind.BlockDevice => BlockDevice,
        _ => Regular,
    };

    /// <summary>
    /// The kind encoded in <paramref name="mode"/>'s type bits; null when they name no file type (mknod(2) gives
    /// EINVAL for such a mode). Type 0 is a regular file, as mknod(2) reads it.
    /// </summary>
    public static NodeKind? TryKindOf(uint mode) => (mode & TypeMask) switch
    {
        Regular or 0 => NodeKind.File,
        Directory => NodeKind.Directory,
        Symlink => NodeKind.Symlink,
        Fifo => NodeKind.Fifo,
        Socket => NodeKind.Socket,
        CharacterDevice => NodeKind.CharacterDevice,
        BlockDevice => NodeKind.BlockDevice,
        _ => null,
    };

    /// <summary>The kind encoded in <paramref name="mode"/>'s type bits (regular file when unknown).</summary>
    public static NodeKind KindOf(uint mode) => TryKindOf(mode) ?? NodeKind.File;
}

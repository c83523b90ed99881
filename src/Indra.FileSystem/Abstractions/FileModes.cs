namespace Indra.FileSystem;

/// <summary>The <c>st_mode</c> type bits and helpers (values from Linux <c>sys/stat.h</c>).</summary>
public static class FileModes
{
    /// <summary>Mask of the type bits.</summary>
    public const uint TypeMask = 0xF000;
    /// <summary>Regular file.</summary>
    public const uint Regular = 0x8000;
    /// <summary>Directory.</summary>
    public const uint Directory = 0x4000;
    /// <summary>Symbolic link.</summary>
    public const uint Symlink = 0xA000;
    /// <summary>Mask of permission bits including setuid, setgid and sticky.</summary>
    public const uint PermissionMask = 0xFFF;

    /// <summary>The type bits for <paramref name="kind"/>.</summary>
    public static uint TypeBits(NodeKind kind) => kind switch
    {
        NodeKind.Directory => Directory,
        NodeKind.Symlink => Symlink,
        _ => Regular,
    };

    /// <summary>The kind encoded in <paramref name="mode"/>'s type bits (regular file when unknown).</summary>
    public static NodeKind KindOf(uint mode) => (mode & TypeMask) switch
    {
        Directory => NodeKind.Directory,
        Symlink => NodeKind.Symlink,
        _ => NodeKind.File,
    };
}

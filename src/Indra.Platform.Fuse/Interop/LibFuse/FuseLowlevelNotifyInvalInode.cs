using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_lowlevel_notify_inval_inode(se, ino, off_t off, off_t len)</c>: 0, -ENOENT when the kernel has not cached the inode, -ENOSYS on old kernels.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_lowlevel_notify_inval_inode")]
    internal static partial int NotifyInvalInode(nint session, ulong ino, long offset, long length);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_session_mount(se, mountpoint)</c>: 0, or -1 after logging the reason on stderr. With auto_unmount it mounts through fusermount3.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_mount")]
    internal static partial int SessionMount(nint session, byte* mountPoint);
}

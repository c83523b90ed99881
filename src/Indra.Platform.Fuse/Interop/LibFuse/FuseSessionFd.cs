using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_session_fd(se)</c>: the /dev/fuse descriptor, -1 before mount.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_fd")]
    internal static partial int SessionFd(nint session);
}

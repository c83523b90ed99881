using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_session_loop_mt_312(se, struct fuse_loop_config *config)</c>: the 3.12 multi-threaded loop by its explicit name (the only name on unversioned builds). Returns 0 on unmount, -errno on error.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_loop_mt_312")]
    internal static partial int SessionLoopMt312(nint session, nint config);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_session_exit(se)</c>: only sets the exited flag; it does not wake an idle loop (reference §4.7).</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_exit")]
    internal static partial void SessionExit(nint session);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_session_destroy(se)</c>: calls the destroy op if INIT happened and DESTROY did not, then frees the session.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_destroy")]
    internal static partial void SessionDestroy(nint session);
}

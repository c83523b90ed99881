using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary>
    /// <c>void fuse_session_process_buf(struct fuse_session *se, const struct fuse_buf *buf)</c> (fuse_lowlevel.h):
    /// dispatches one request that is already in memory (<see cref="FuseBuf.Mem"/>, laid out as read(2) of
    /// <c>/dev/fuse</c> returns it) to the operations; its reply goes out through the session's <c>writev</c>.
    /// </summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_process_buf")]
    internal static partial void SessionProcessBuf(nint session, FuseBuf* buffer);
}

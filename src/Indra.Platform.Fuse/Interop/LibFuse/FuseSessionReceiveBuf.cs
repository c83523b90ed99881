using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary>
    /// <c>int fuse_session_receive_buf(se, struct fuse_buf *buf)</c>: reads one request from the session's device
    /// into <paramref name="buffer"/>, blocking until one comes; a null <see cref="FuseBuf.Mem"/> is allocated with
    /// malloc (the session's buffer size) and kept for the next call. Returns the request's size in bytes; 0 once the
    /// session has ended (ENODEV: unmounted or aborted, the session is marked exited); -EINTR when interrupted by a
    /// signal; another -errno on a read error.
    /// </summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_receive_buf")]
    internal static partial int SessionReceiveBuf(nint session, FuseBuf* buffer);
}

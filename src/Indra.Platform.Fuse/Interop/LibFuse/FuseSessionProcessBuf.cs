using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary>
    /// <c>void fuse_session_process_buf(se, const struct fuse_buf *buf)</c>: decodes one request read by
    /// <see cref="SessionReceiveBuf"/> and calls its operation (or answers it itself: INIT, INTERRUPT, an unknown
    /// opcode) on the calling thread; returns when that callback returns.
    /// </summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_process_buf")]
    internal static partial void SessionProcessBuf(nint session, FuseBuf* buffer);
}

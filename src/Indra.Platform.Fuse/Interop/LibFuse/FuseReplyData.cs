using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_data(req, struct fuse_bufvec *bufv, enum fuse_buf_copy_flags flags)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_data")]
    internal static partial int ReplyData(nint req, FuseBufVec* bufv, int flags);
}

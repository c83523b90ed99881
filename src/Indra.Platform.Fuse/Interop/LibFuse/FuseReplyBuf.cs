using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_buf(req, const char *buf, size_t size)</c>: copies synchronously; the buffer may be reused on return.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_buf")]
    internal static partial int ReplyBuf(nint req, byte* buf, nuint size);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_write(req, size_t count)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_write")]
    internal static partial int ReplyWrite(nint req, nuint count);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_statfs(req, const struct statvfs *stbuf)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_statfs")]
    internal static partial int ReplyStatfs(nint req, StatVfs* stbuf);
}

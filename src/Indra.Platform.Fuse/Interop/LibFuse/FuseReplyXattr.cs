using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_xattr(req, size_t count)</c>: the answer to a size probe (size 0) of getxattr/listxattr.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_xattr")]
    internal static partial int ReplyXattr(nint req, nuint count);
}

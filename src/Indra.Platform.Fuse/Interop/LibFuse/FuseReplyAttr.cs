using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_attr(req, const struct stat *attr, double attr_timeout)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_attr")]
    internal static partial int ReplyAttr(nint req, void* attr, double attrTimeout);
}

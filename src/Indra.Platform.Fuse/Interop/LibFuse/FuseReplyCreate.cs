using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_create(req, e, fi)</c>: +1 lookup count; on failure release is never called.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_create")]
    internal static partial int ReplyCreate(nint req, void* entry, FuseFileInfo* fi);
}

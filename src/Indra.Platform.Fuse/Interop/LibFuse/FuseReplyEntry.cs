using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_entry(req, const struct fuse_entry_param *e)</c>: +1 lookup count unless <c>e->ino == 0</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_entry")]
    internal static partial int ReplyEntry(nint req, void* entry);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_open(req, const struct fuse_file_info *fi)</c>: sends fh and the direct_io/keep_cache/cache_readdir/nonseekable/noflush bits.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_open")]
    internal static partial int ReplyOpen(nint req, FuseFileInfo* fi);
}

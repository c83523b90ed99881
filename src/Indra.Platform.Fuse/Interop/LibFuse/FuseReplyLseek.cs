using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_lseek(req, off_t off)</c> (fuse_lowlevel.h, libfuse 3.8+).</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_lseek")]
    internal static partial int ReplyLseek(nint req, long offset);
}

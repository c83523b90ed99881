using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_err(req, int err)</c>: <paramref name="err"/> is a positive errno, or 0 for success where the header allows it.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_err")]
    internal static partial int ReplyErr(nint req, int err);
}

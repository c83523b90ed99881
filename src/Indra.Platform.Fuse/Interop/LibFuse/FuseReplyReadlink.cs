using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_reply_readlink(req, const char *link)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_readlink")]
    internal static partial int ReplyReadlink(nint req, byte* link);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_reply_none(req)</c>: the only valid reply to forget and forget_multi.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_reply_none")]
    internal static partial void ReplyNone(nint req);
}

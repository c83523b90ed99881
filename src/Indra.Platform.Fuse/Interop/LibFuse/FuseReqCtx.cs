using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>const struct fuse_ctx *fuse_req_ctx(req)</c>: valid for the duration of the request.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_req_ctx")]
    internal static partial FuseCtx* ReqCtx(nint req);
}

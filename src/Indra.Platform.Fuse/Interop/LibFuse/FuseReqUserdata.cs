using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void *fuse_req_userdata(req)</c>: the userdata passed to fuse_session_new.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_req_userdata")]
    internal static partial nint ReqUserdata(nint req);
}

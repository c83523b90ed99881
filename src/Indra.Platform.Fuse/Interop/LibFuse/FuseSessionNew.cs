using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>fuse_session_new(args, op, op_size, userdata)</c>: NULL on failure (e.g. an unknown option, which libfuse reports on stderr). Copies <paramref name="op"/>; replaces <paramref name="args"/>' argv with its own allocation.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_new")]
    internal static partial nint SessionNew(FuseArgs* args, FuseLowLevelOps* op, nuint opSize, nint userdata);
}

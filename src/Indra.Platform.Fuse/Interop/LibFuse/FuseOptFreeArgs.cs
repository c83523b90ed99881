using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_opt_free_args(struct fuse_args *args)</c>: frees argv if libfuse allocated it, then zeroes the struct.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_opt_free_args")]
    internal static partial void OptFreeArgs(FuseArgs* args);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>struct fuse_loop_config *fuse_loop_cfg_create(void)</c>: defaults max_threads 10, unlimited idle threads, clone_fd 0; NULL when out of memory.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_loop_cfg_create")]
    internal static partial nint LoopCfgCreate();
}

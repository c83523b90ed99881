using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_loop_cfg_destroy(config)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_loop_cfg_destroy")]
    internal static partial void LoopCfgDestroy(nint config);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_loop_cfg_set_max_threads(config, unsigned value)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_loop_cfg_set_max_threads")]
    internal static partial void LoopCfgSetMaxThreads(nint config, uint value);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_loop_cfg_set_clone_fd(config, unsigned value)</c>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_loop_cfg_set_clone_fd")]
    internal static partial void LoopCfgSetCloneFd(nint config, uint value);
}

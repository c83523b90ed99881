using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_version(void)</c>: FUSE_MAJOR_VERSION * 100 + FUSE_MINOR_VERSION of the loaded library (314 for 3.14.x).</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_version")]
    internal static partial int Version();
}

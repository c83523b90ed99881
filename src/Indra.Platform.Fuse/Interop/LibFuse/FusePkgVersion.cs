using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>const char *fuse_pkgversion(void)</c>: the full package version, e.g. "3.14.0" (static storage).</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_pkgversion")]
    internal static partial byte* PkgVersion();
}

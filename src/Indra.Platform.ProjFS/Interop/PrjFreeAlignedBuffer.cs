using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>void PrjFreeAlignedBuffer(void* buffer)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial void PrjFreeAlignedBuffer(void* buffer);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>void* PrjAllocateAlignedBuffer(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, size_t size)</c>; null on failure.</summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial void* PrjAllocateAlignedBuffer(VirtualizationContextHandle namespaceVirtualizationContext, nuint size);
}

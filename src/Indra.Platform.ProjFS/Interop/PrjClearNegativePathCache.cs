using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>HRESULT PrjClearNegativePathCache(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, UINT32* totalEntryNumber)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int PrjClearNegativePathCache(
        VirtualizationContextHandle namespaceVirtualizationContext,
        out uint totalEntryNumber);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>HRESULT PrjGetVirtualizationInstanceInfo(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, PRJ_VIRTUALIZATION_INSTANCE_INFO*)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int PrjGetVirtualizationInstanceInfo(
        VirtualizationContextHandle namespaceVirtualizationContext,
        out PrjVirtualizationInstanceInfo virtualizationInstanceInfo);
}

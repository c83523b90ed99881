using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>void PrjStopVirtualizing(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT)</c>; callbacks may still arrive until it returns.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void PrjStopVirtualizing(nint namespaceVirtualizationContext);
}

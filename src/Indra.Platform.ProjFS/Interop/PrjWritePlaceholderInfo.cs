using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjWritePlaceholderInfo(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, PCWSTR destinationFileName,
    /// const PRJ_PLACEHOLDER_INFO* placeholderInfo, UINT32 placeholderInfoSize)</c>.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial int PrjWritePlaceholderInfo(
        VirtualizationContextHandle namespaceVirtualizationContext,
        string destinationFileName,
        PrjPlaceholderInfo* placeholderInfo,
        uint placeholderInfoSize);
}

using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjUpdateFileIfNeeded(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, PCWSTR destinationFileName,
    /// const PRJ_PLACEHOLDER_INFO*, UINT32 placeholderInfoSize, PRJ_UPDATE_TYPES updateFlags,
    /// PRJ_UPDATE_FAILURE_CAUSES* failureReason)</c>.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial int PrjUpdateFileIfNeeded(
        VirtualizationContextHandle namespaceVirtualizationContext,
        string destinationFileName,
        PrjPlaceholderInfo* placeholderInfo,
        uint placeholderInfoSize,
        PrjUpdateTypes updateFlags,
        out PrjUpdateFailureCauses failureReason);
}

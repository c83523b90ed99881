using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjDeleteFile(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, PCWSTR destinationFileName,
    /// PRJ_UPDATE_TYPES updateFlags, PRJ_UPDATE_FAILURE_CAUSES* failureReason)</c>.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial int PrjDeleteFile(
        VirtualizationContextHandle namespaceVirtualizationContext,
        string destinationFileName,
        PrjUpdateTypes updateFlags,
        out PrjUpdateFailureCauses failureReason);
}

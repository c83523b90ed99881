using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjCompleteCommand(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, INT32 commandId, HRESULT completionResult,
    /// PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS* extendedParameters)</c>.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial int PrjCompleteCommand(
        VirtualizationContextHandle namespaceVirtualizationContext,
        int commandId,
        int completionResult,
        PrjCompleteCommandExtendedParameters* extendedParameters);
}

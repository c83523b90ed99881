using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjStartVirtualizing(PCWSTR virtualizationRootPath, const PRJ_CALLBACKS* callbacks,
    /// const void* instanceContext, const PRJ_STARTVIRTUALIZING_OPTIONS* options,
    /// PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT* namespaceVirtualizationContext)</c>.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial int PrjStartVirtualizing(
        string virtualizationRootPath,
        PrjCallbacks* callbacks,
        nint instanceContext,
        PrjStartVirtualizingOptions* options,
        out VirtualizationContextHandle namespaceVirtualizationContext);
}

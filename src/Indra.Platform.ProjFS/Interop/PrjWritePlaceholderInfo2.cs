using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjWritePlaceholderInfo2(PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT, PCWSTR destinationFileName,
    /// const PRJ_PLACEHOLDER_INFO*, UINT32 placeholderInfoSize, const PRJ_EXTENDED_INFO*)</c>: symlink placeholders,
    /// Windows 10 2004 (build 19041) or later; ERROR_NOT_SUPPORTED on ReFS.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial int PrjWritePlaceholderInfo2(
        VirtualizationContextHandle namespaceVirtualizationContext,
        string destinationFileName,
        PrjPlaceholderInfo* placeholderInfo,
        uint placeholderInfoSize,
        PrjExtendedInfo* extendedInfo);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjMarkDirectoryAsPlaceholder(PCWSTR rootPathName, PCWSTR targetPathName,
    /// const PRJ_PLACEHOLDER_VERSION_INFO* versionInfo, const GUID* virtualizationInstanceID)</c>.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial int PrjMarkDirectoryAsPlaceholder(
        string rootPathName,
        string? targetPathName,
        PrjPlaceholderVersionInfo* versionInfo,
        Guid* virtualizationInstanceId);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjFillDirEntryBuffer2(PRJ_DIR_ENTRY_BUFFER_HANDLE dirEntryBufferHandle, PCWSTR fileName,
    /// PRJ_FILE_BASIC_INFO* fileBasicInfo, PRJ_EXTENDED_INFO* extendedInfo)</c>: the handle comes first here
    /// (build 19041 or later).
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial int PrjFillDirEntryBuffer2(
        nint dirEntryBufferHandle,
        string fileName,
        PrjFileBasicInfo* fileBasicInfo,
        PrjExtendedInfo* extendedInfo);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjFillDirEntryBuffer(PCWSTR fileName, PRJ_FILE_BASIC_INFO* fileBasicInfo,
    /// PRJ_DIR_ENTRY_BUFFER_HANDLE dirEntryBufferHandle)</c>: the handle comes last here.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial int PrjFillDirEntryBuffer(
        string fileName,
        PrjFileBasicInfo* fileBasicInfo,
        nint dirEntryBufferHandle);
}

using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary>
    /// <c>HRESULT PrjGetOnDiskFileState(PCWSTR destinationFileName, PRJ_FILE_STATE* fileState)</c> for a full path.
    /// It can call back into the provider: never call it from inside a callback.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial int PrjGetOnDiskFileState(string destinationFileName, out PrjFileState fileState);
}

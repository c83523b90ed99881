using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>BOOLEAN PrjFileNameMatch(PCWSTR fileNameToCheck, PCWSTR pattern)</c>: at most MAX_PATH characters.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool PrjFileNameMatch(string fileNameToCheck, string pattern);
}

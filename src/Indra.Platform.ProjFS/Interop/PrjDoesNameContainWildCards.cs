using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>BOOLEAN PrjDoesNameContainWildCards(LPCWSTR fileName)</c>.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool PrjDoesNameContainWildCards(string fileName);
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

internal static partial class ProjectedFSLib
{
    /// <summary><c>int PrjFileNameCompare(PCWSTR fileName1, PCWSTR fileName2)</c>: &lt;0, 0, &gt;0 in file-system order.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial int PrjFileNameCompare(string fileName1, string fileName2);
}

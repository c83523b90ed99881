using System.Runtime.Versioning;
using Indra.Platform.ProjFS.Interop;

namespace Indra.Platform.ProjFS.Native;

/// <summary>The native file-name rules of ProjectedFSLib.dll: PrjFileNameCompare and PrjFileNameMatch.</summary>
[SupportedOSPlatform("windows")]
internal static class NativeFileNames
{
    /// <summary>PrjFileNameCompare: &lt;0, 0 or &gt;0 in the file system's order (NTFS's upper-case table).</summary>
    public static int Compare(string fileName1, string fileName2) => ProjectedFSLib.PrjFileNameCompare(fileName1, fileName2);

    /// <summary>PrjFileNameMatch: whether <paramref name="fileNameToCheck"/> matches <paramref name="pattern"/> (kernel wildcards).</summary>
    public static bool Match(string fileNameToCheck, string pattern) => ProjectedFSLib.PrjFileNameMatch(fileNameToCheck, pattern);
}

using System.Runtime.Versioning;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>
/// Imports from ProjectedFSLib.dll (header projectedfslib.h), one function per file. Every import returns the native
/// HRESULT (no SetLastError: ProjFS reports errors as HRESULTs). The DLL exists only when the Windows optional feature
/// Client-ProjFS is enabled; calling any import elsewhere throws <see cref="DllNotFoundException"/>.
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class ProjectedFSLib
{
    /// <summary>The native library's file name.</summary>
    internal const string LibraryName = "ProjectedFSLib.dll";
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>
/// PRJ_PLACEHOLDER_INFO, 344 bytes on x64 with VariableData at 336 (projfs.md §2.4). The one-byte VariableData must
/// be present: without it the size is 336 and PrjWritePlaceholderInfo fails with ERROR_INSUFFICIENT_BUFFER.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PrjPlaceholderInfo
{
    /// <summary>Offset 0.</summary>
    public PrjFileBasicInfo FileBasicInfo;
    /// <summary>Offset 56.</summary>
    public PrjEaInformation EaInformation;
    /// <summary>Offset 64.</summary>
    public PrjSecurityInformation SecurityInformation;
    /// <summary>Offset 72.</summary>
    public PrjStreamsInformation StreamsInformation;
    /// <summary>Offset 80, 256 bytes.</summary>
    public PrjPlaceholderVersionInfo VersionInfo;
    /// <summary>UINT8 VariableData[ANYSIZE_ARRAY] at offset 336.</summary>
    public fixed byte VariableData[1];
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_PLACEHOLDER_INFO.EaInformation, 8 bytes; zero when no extended attributes are supplied.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PrjEaInformation
{
    /// <summary>Size of the EA buffer in bytes.</summary>
    public uint EaBufferSize;
    /// <summary>Offset of the first EA from the start of PRJ_PLACEHOLDER_INFO.</summary>
    public uint OffsetToFirstEa;
}

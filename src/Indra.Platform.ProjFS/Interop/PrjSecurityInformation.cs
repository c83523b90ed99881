using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_PLACEHOLDER_INFO.SecurityInformation, 8 bytes; zero when no security descriptor is supplied.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PrjSecurityInformation
{
    /// <summary>Size of the security descriptor in bytes.</summary>
    public uint SecurityBufferSize;
    /// <summary>Offset of the descriptor from the start of PRJ_PLACEHOLDER_INFO.</summary>
    public uint OffsetToSecurityDescriptor;
}

using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_PLACEHOLDER_INFO.StreamsInformation, 8 bytes; zero when no alternate streams are supplied.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PrjStreamsInformation
{
    /// <summary>Size of the stream information in bytes.</summary>
    public uint StreamsInfoBufferSize;
    /// <summary>Offset of the first stream entry from the start of PRJ_PLACEHOLDER_INFO.</summary>
    public uint OffsetToFirstStreamInfo;
}

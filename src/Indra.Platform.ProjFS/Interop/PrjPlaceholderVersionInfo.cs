using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_PLACEHOLDER_VERSION_INFO, 256 bytes: ProviderID[128] then ContentID[128] (projfs.md §2.4).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PrjPlaceholderVersionInfo
{
    /// <summary>PRJ_PLACEHOLDER_ID_LENGTH.</summary>
    public const int IdLength = 128;

    /// <summary>UINT8[128] at offset 0.</summary>
    public fixed byte ProviderId[IdLength];
    /// <summary>UINT8[128] at offset 128.</summary>
    public fixed byte ContentId[IdLength];
}

namespace Indra.Platform.ProjFS.Api;

/// <summary>PRJ_CALLBACK_DATA_FLAGS (projfs.md §2.4).</summary>
[Flags]
public enum PrjCallbackDataFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0x0,
    /// <summary>Start the enumeration from the beginning and capture the search expression again.</summary>
    RestartScan = 0x1,
    /// <summary>The caller wants a single entry (a hint only).</summary>
    ReturnSingleEntry = 0x2,
}

namespace Indra.Platform.ProjFS.Api;

/// <summary>PRJ_STARTVIRTUALIZING_FLAGS (projfs.md §2.4).</summary>
[Flags]
public enum PrjStartVirtualizingFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0x0,
    /// <summary>Cache FILE_NOT_FOUND answers of GetPlaceholderInfo until PrjClearNegativePathCache.</summary>
    UseNegativePathCache = 0x1,
}

namespace Indra.Platform.ProjFS.Api;

/// <summary>PRJ_UPDATE_TYPES: which item states PrjUpdateFileIfNeeded and PrjDeleteFile may act on (projfs.md §2.7).</summary>
[Flags]
public enum PrjUpdateTypes : uint
{
    /// <summary>Only clean placeholders (hydrated or not).</summary>
    None = 0x0,
    /// <summary>Also placeholders whose metadata changed locally.</summary>
    AllowDirtyMetadata = 0x1,
    /// <summary>Also full files (their local data is discarded: Indra never passes this).</summary>
    AllowDirtyData = 0x2,
    /// <summary>Also tombstones.</summary>
    AllowTombstone = 0x4,
    /// <summary>Also items with FILE_ATTRIBUTE_READONLY.</summary>
    AllowReadOnly = 0x20,
}

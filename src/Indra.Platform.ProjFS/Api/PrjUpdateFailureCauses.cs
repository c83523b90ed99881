namespace Indra.Platform.ProjFS.Api;

/// <summary>PRJ_UPDATE_FAILURE_CAUSES: why an update or delete was refused (projfs.md §2.7).</summary>
[Flags]
public enum PrjUpdateFailureCauses : uint
{
    /// <summary>No failure.</summary>
    None = 0x0,
    /// <summary>The item's metadata changed locally.</summary>
    DirtyMetadata = 0x1,
    /// <summary>The item is a full file (its data changed locally).</summary>
    DirtyData = 0x2,
    /// <summary>The item is a tombstone.</summary>
    Tombstone = 0x4,
    /// <summary>The item is read-only.</summary>
    ReadOnly = 0x8,
}

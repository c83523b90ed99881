namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>The on-disk cache states of projfs.md §2.7 (virtual items have no entry at all).</summary>
public enum EmulatedItemState
{
    /// <summary>Metadata only (files), or a directory whose children may still be virtual.</summary>
    Placeholder,
    /// <summary>A placeholder file whose content is on disk.</summary>
    HydratedPlaceholder,
    /// <summary>Created or modified locally: disk is the truth.</summary>
    Full,
    /// <summary>Deleted while still projected: hides the name.</summary>
    Tombstone,
}

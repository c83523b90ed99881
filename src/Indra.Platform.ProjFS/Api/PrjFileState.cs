namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_FILE_STATE bits reported by PrjGetOnDiskFileState (projfs.md §2.7). <see cref="Full"/> and
/// <see cref="Tombstone"/> never appear with another bit; test the others with masks, never with equality.
/// </summary>
[Flags]
public enum PrjFileState : uint
{
    /// <summary>No bits (not a ProjFS-tracked item).</summary>
    None = 0x0,
    /// <summary>A placeholder: metadata only (files) or a directory with virtual children.</summary>
    Placeholder = 0x1,
    /// <summary>A placeholder file whose content is cached on disk.</summary>
    HydratedPlaceholder = 0x2,
    /// <summary>A placeholder whose metadata changed locally.</summary>
    DirtyPlaceholder = 0x4,
    /// <summary>A full file: modified or created locally; disk is the truth.</summary>
    Full = 0x8,
    /// <summary>A hidden marker for a deleted item that is still projected.</summary>
    Tombstone = 0x10,
}

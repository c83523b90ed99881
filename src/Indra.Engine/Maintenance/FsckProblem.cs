namespace Indra.Engine.Maintenance;

/// <summary>What kind of inconsistency fsck found.</summary>
public enum FsckProblemKind
{
    /// <summary>SQLite's own integrity check failed.</summary>
    DatabaseCorrupt,
    /// <summary>A block's bytes do not hash to its name (or its size differs): never served, cannot be repaired here.</summary>
    CorruptBlock,
    /// <summary>A block the metadata references is not in the block store: the files using it are damaged.</summary>
    MissingBlock,
    /// <summary>A block file nothing references (repair deletes it).</summary>
    OrphanBlock,
    /// <summary>A block's reference count differs from its uses (repair sets it).</summary>
    WrongBlockCount,
    /// <summary>A leaf's reference count differs from the nodes using it (repair sets it; unused leaves are dropped).</summary>
    WrongLeafCount,
    /// <summary>A node names a leaf that is not stored.</summary>
    MissingLeaf,
    /// <summary>A leaf whose blocks and chaining values do not give back its id.</summary>
    BadLeafId,
    /// <summary>A reference whose parent or target node does not exist (repair removes it).</summary>
    DanglingReference,
    /// <summary>A node no tree reaches (repair deletes it).</summary>
    OrphanNode,
    /// <summary>A node's link count differs from the references to it (repair sets it).</summary>
    WrongLinkCount,
}

/// <summary>One inconsistency.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Description">One line naming the object (and the file, when known).</param>
/// <param name="Repaired">True when <c>--repair</c> fixed it.</param>
public sealed record FsckProblem(FsckProblemKind Kind, string Description, bool Repaired);

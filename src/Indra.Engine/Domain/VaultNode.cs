namespace Indra.Engine.Domain;

/// <summary>
/// The state of one vault node: the mutable indirection (like IPFS MFS) between a stable inode number and the
/// artifact it currently holds, with its POSIX attributes. Times are UTC nanoseconds since the Unix epoch; sizes are
/// bytes. A value read from the engine is a copy: change it and hand it back (<see cref="Vaults.VaultTree.UpdateNode"/>)
/// to store the change.
/// </summary>
public sealed class VaultNode
{
    /// <summary>Inode number (stable for the node's life, never reused); 0 for a node not inserted yet.</summary>
    public long Inode { get; set; }
    /// <summary>File, directory, symlink or special file.</summary>
    public NodeKind Kind { get; set; }
    /// <summary>POSIX permission bits (no type bits).</summary>
    public uint Mode { get; set; }
    /// <summary>Owner uid (the steward, as POSIX sees it).</summary>
    public uint Uid { get; set; }
    /// <summary>Group gid (the audience, as POSIX sees it).</summary>
    public uint Gid { get; set; }
    /// <summary>Hard links to this node (references naming it); directories: 2 + subdirectories.</summary>
    public uint LinkCount { get; set; }
    /// <summary>Content size in bytes (files, symlinks); 0 for directories and special files.</summary>
    public long Size { get; set; }
    /// <summary>Access time.</summary>
    public long AccessTimeNs { get; set; }
    /// <summary>Modification time.</summary>
    public long ModifyTimeNs { get; set; }
    /// <summary>Status change time.</summary>
    public long ChangeTimeNs { get; set; }
    /// <summary>Creation time.</summary>
    public long BirthTimeNs { get; set; }
    /// <summary>
    /// Files and symlinks: the leaf artifact id (BLAKE3 of the content). Special files: the empty leaf's id (BLAKE3 of
    /// no bytes). Directories: the tree's stable id.
    /// </summary>
    public ArtifactId ArtifactId { get; set; }
    /// <summary>LeafType or TreeType name (e.g. "File", "Image", "Collection", "Story").</summary>
    public string TypeTag { get; set; } = "";
    /// <summary>Directories: the position the next reference gets (positions are never reused).</summary>
    public long NextPosition { get; set; } = 1;
    /// <summary>Device nodes: the device number as <c>st_rdev</c> carries it (glibc <c>makedev(3)</c>); 0 otherwise.</summary>
    public ulong DeviceNumber { get; set; }

    /// <summary>True for a directory (a tree artifact).</summary>
    public bool IsTree => Kind == NodeKind.Directory;

    /// <summary>A field-by-field copy.</summary>
    public VaultNode Clone() => (VaultNode)MemberwiseClone();

    /// <summary>
    /// A node not inserted yet (inode 0, one link), created at <paramref name="nowNs"/> (UTC ns since the Unix epoch):
    /// access, modification, change and birth time all equal it.
    /// </summary>
    /// <param name="kind">What the node is.</param>
    /// <param name="mode">Permission bits (no type bits).</param>
    /// <param name="uid">Owner.</param>
    /// <param name="gid">Group.</param>
    /// <param name="nowNs">Creation time.</param>
    /// <param name="id">The leaf's content id, or the tree's stable id.</param>
    /// <param name="typeTag">LeafType or TreeType name.</param>
    public static VaultNode New(NodeKind kind, uint mode, uint uid, uint gid, long nowNs, ArtifactId id, string typeTag) => new()
    {
        Kind = kind,
        Mode = mode,
        Uid = uid,
        Gid = gid,
        LinkCount = 1,
        AccessTimeNs = nowNs,
        ModifyTimeNs = nowNs,
        ChangeTimeNs = nowNs,
        BirthTimeNs = nowNs,
        ArtifactId = id,
        TypeTag = typeTag,
    };
}

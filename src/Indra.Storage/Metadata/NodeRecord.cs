using Indra.Hashing;

namespace Indra.Storage.Metadata;

/// <summary>
/// One row of <c>nodes</c>: the mutable indirection (like IPFS MFS) between a stable inode number and the artifact
/// it currently holds. Times are UTC nanoseconds since the Unix epoch; sizes are bytes.
/// </summary>
internal sealed class NodeRecord
{
    /// <summary>Inode number (stable for the node's life, never reused).</summary>
    public long Inode { get; set; }
    /// <summary>
    /// What the node is, as column <c>nodes.kind</c> stores it: the number of the engine's <c>NodeKind</c> (0 file,
    /// 1 directory, 2 symlink, 3 FIFO, 4 socket, 5 character device, 6 block device; never renumbered). The storage
    /// layer does not interpret it; <see cref="DirectoryKind"/> is the one value its queries name.
    /// </summary>
    public int Kind { get; set; }

    /// <summary>The stored kind of a directory (the engine's <c>NodeKind.Directory</c>).</summary>
    public const int DirectoryKind = 1;
    /// <summary>POSIX permission bits (no type bits).</summary>
    public uint Mode { get; set; }
    /// <summary>Owner uid.</summary>
    public uint Uid { get; set; }
    /// <summary>Group gid.</summary>
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
    public Blake3Hash ArtifactId { get; set; }
    /// <summary>LeafType or TreeType name (e.g. "File", "Image", "Collection", "Story").</summary>
    public string TypeTag { get; set; } = "";
    /// <summary>Directories: the position the next reference gets (positions are never reused).</summary>
    public long NextPosition { get; set; } = 1;
    /// <summary>
    /// Device nodes: the device number as <c>st_rdev</c> carries it (glibc <c>makedev(3)</c>: minor in bits 0-7 and
    /// 20-31, major in bits 8-19 and 32-63; FUSE carries the low 32 bits, Linux's <c>new_encode_dev</c>); 0 for every
    /// other kind (column <c>nodes.rdev</c>).
    /// </summary>
    public ulong DeviceNumber { get; set; }

    /// <summary>A field-by-field copy.</summary>
    public NodeRecord Clone() => (NodeRecord)MemberwiseClone();
}

namespace Indra.Engine.Domain;

/// <summary>
/// The state of one vault node: the mutable indirection (like IPFS MFS) between a stable inode number and the
/// artifact it currently holds, with its POSIX attributes. Times are UTC nanoseconds since the Unix epoch; sizes are
/// bytes. A value read from the engine is a copy: change it and hand it back (<see cref="Vaults.VaultTree.UpdateNode"/>)
/// to store the change.
/// </summary>
/// <remarks>
/// The file system keeps one per inode the kernel holds, so it is kept to 128 bytes on x64 (issue 15: bytes per
/// cached inode): the kind is a byte, the mode two bytes, and a directory's next position and a device node's device
/// number share one field (no node has both).
/// </remarks>
public sealed class VaultNode
{
    private const long DefaultNextPosition = 1;

    /// <summary>A directory's (or other non-device node's) next position, a device node's device number.</summary>
    private long _kindData = DefaultNextPosition;
    private ushort _mode;
    private byte _kind;

    /// <summary>Inode number (stable for the node's life, never reused); 0 for a node not inserted yet.</summary>
    public long Inode { get; set; }
    /// <summary>
    /// File, directory, symlink or special file. Set it before <see cref="DeviceNumber"/>: a change between a device
    /// kind and another kind resets the field they share (<see cref="NextPosition"/> 1, <see cref="DeviceNumber"/> 0).
    /// </summary>
    public NodeKind Kind
    {
        get => (NodeKind)_kind;
        set
        {
            var wasDevice = IsDevice;
            _kind = checked((byte)value);
            if (IsDevice != wasDevice) _kindData = IsDevice ? 0 : DefaultNextPosition;
        }
    }
    /// <summary>POSIX permission bits (no type bits).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to more than 0xFFFF (no <c>mode_t</c> value is).</exception>
    public uint Mode
    {
        get => _mode;
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ushort.MaxValue);
            _mode = (ushort)value;
        }
    }
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
    /// <summary>
    /// Directories: the position the next reference gets (positions are never reused). Device nodes: always 1, and
    /// setting it does nothing.
    /// </summary>
    public long NextPosition
    {
        get => IsDevice ? DefaultNextPosition : _kindData;
        set
        {
            if (!IsDevice) _kindData = value;
        }
    }
    /// <summary>
    /// Device nodes: the device number as <c>st_rdev</c> carries it (glibc <c>makedev(3)</c>). Other nodes: always 0,
    /// and setting it does nothing (set <see cref="Kind"/> first).
    /// </summary>
    public ulong DeviceNumber
    {
        get => IsDevice ? (ulong)_kindData : 0;
        set
        {
            if (IsDevice) _kindData = (long)value;
        }
    }

    /// <summary>True for a directory (a tree artifact).</summary>
    public bool IsTree => Kind == NodeKind.Directory;

    private bool IsDevice => (NodeKind)_kind is NodeKind.CharacterDevice or NodeKind.BlockDevice;

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

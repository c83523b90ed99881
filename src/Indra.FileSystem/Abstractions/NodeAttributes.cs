using Indra.Engine.Domain;

namespace Indra.FileSystem;

/// <summary>
/// The POSIX attributes of one node, as <c>stat(2)</c> reports them. Times are UTC nanoseconds since the Unix epoch.
/// </summary>
public struct NodeAttributes
{
    /// <summary>Inode number: stable for the life of the node, even as its content id changes on every save.</summary>
    public ulong Inode;
    /// <summary>Generation of the inode number (FUSE <c>fuse_entry_param.generation</c>); never changes for a live inode.</summary>
    public ulong Generation;
    /// <summary>Full <c>st_mode</c>: type bits (<see cref="FileModes"/>) and permission bits.</summary>
    public uint Mode;
    /// <summary>Number of hard links (<c>st_nlink</c>); directories count 2 plus their subdirectories.</summary>
    public uint LinkCount;
    /// <summary>Owner user id (the steward's local uid).</summary>
    public uint Uid;
    /// <summary>Owner group id (the audience's local gid).</summary>
    public uint Gid;
    /// <summary>Size in bytes (for a symlink, the length of its target; 0 for special files).</summary>
    public long Size;
    /// <summary>Last access time, UTC nanoseconds since the Unix epoch.</summary>
    public long AccessTimeNs;
    /// <summary>Last content modification time, UTC nanoseconds since the Unix epoch.</summary>
    public long ModifyTimeNs;
    /// <summary>Last status change time, UTC nanoseconds since the Unix epoch.</summary>
    public long ChangeTimeNs;
    /// <summary>Creation time, UTC nanoseconds since the Unix epoch.</summary>
    public long BirthTimeNs;
    /// <summary>Bytes the node's content occupies in storage (holes take none), or null for "as many as <see cref="Size"/>".</summary>
    public long? StoredBytes;
    /// <summary>
    /// Device nodes: the device number (<c>st_rdev</c>, glibc's <c>makedev(3)</c> encoding); 0 for every other kind.
    /// </summary>
    public ulong DeviceNumber;

    /// <summary>The node's kind, from the type bits of <see cref="Mode"/>.</summary>
    public readonly NodeKind Kind => FileModes.KindOf(Mode);

    /// <summary>Number of 512-byte blocks allocated (<c>st_blocks</c>): the stored bytes (holes count nothing), or the size
    /// when <see cref="StoredBytes"/> is null.</summary>
    public readonly long Blocks512 => ((StoredBytes ?? Size) + 511) / 512;
}

namespace Indra.Engine.Domain;

/// <summary>
/// What a vault node is: the one node-kind enum of every layer. The numbers are stored (column <c>nodes.kind</c>) and
/// are the order of the POSIX file types the filesystem layer reports: never renumber them.
/// </summary>
public enum NodeKind
{
    /// <summary>A regular file: a leaf artifact (S_IFREG).</summary>
    File = 0,
    /// <summary>A directory: a tree artifact (S_IFDIR).</summary>
    Directory = 1,
    /// <summary>A symbolic link: a leaf artifact of type Custom("symlink") whose bytes are the target (S_IFLNK).</summary>
    Symlink = 2,
    /// <summary>A named pipe (mkfifo(3), S_IFIFO): no content of its own; the kernel carries the data.</summary>
    Fifo = 3,
    /// <summary>A Unix domain socket bound with bind(2) (S_IFSOCK): no content; connections are the kernel's.</summary>
    Socket = 4,
    /// <summary>A character device node (mknod(2), S_IFCHR) with a device number.</summary>
    CharacterDevice = 5,
    /// <summary>A block device node (mknod(2), S_IFBLK) with a device number.</summary>
    BlockDevice = 6,
}

/// <summary>Questions about a <see cref="NodeKind"/>.</summary>
public static class NodeKinds
{
    /// <summary>
    /// True for the special files (FIFO, socket, character and block device): nodes that hold no content of their own
    /// (their leaf is the empty one) and whose I/O the kernel does, not the filesystem (Linux <c>init_special_inode</c>).
    /// </summary>
    public static bool IsSpecial(this NodeKind kind) => kind is NodeKind.Fifo or NodeKind.Socket or NodeKind.CharacterDevice or NodeKind.BlockDevice;

    /// <summary>True for the kinds that are leaf artifacts (everything but a directory).</summary>
    public static bool IsLeaf(this NodeKind kind) => kind != NodeKind.Directory;
}

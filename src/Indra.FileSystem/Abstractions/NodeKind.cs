namespace Indra.FileSystem;

/// <summary>The kind of a node, which fixes the type bits of its <c>st_mode</c> (Linux <c>sys/stat.h</c>, inode(7)).</summary>
public enum NodeKind
{
    /// <summary>A regular file: a leaf artifact (S_IFREG).</summary>
    File,
    /// <summary>A directory: a tree artifact (S_IFDIR).</summary>
    Directory,
    /// <summary>A symbolic link: a leaf artifact of type Custom("symlink") whose bytes are the target (S_IFLNK).</summary>
    Symlink,
    /// <summary>A named pipe (S_IFIFO): a node whose content is the empty leaf; opens and I/O are the kernel's.</summary>
    Fifo,
    /// <summary>A Unix domain socket (S_IFSOCK): a node whose content is the empty leaf; connections are the kernel's.</summary>
    Socket,
    /// <summary>A character device node (S_IFCHR) with a device number (<see cref="NodeAttributes.DeviceNumber"/>).</summary>
    CharacterDevice,
    /// <summary>A block device node (S_IFBLK) with a device number (<see cref="NodeAttributes.DeviceNumber"/>).</summary>
    BlockDevice,
}

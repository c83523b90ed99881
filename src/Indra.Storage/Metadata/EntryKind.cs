namespace Indra.Storage.Metadata;

/// <summary>What a stored node is (column <c>nodes.kind</c>). The values are stored: never renumber them.</summary>
internal enum EntryKind
{
    /// <summary>A regular file (leaf artifact).</summary>
    File = 0,
    /// <summary>A directory (tree artifact).</summary>
    Directory = 1,
    /// <summary>A symbolic link (leaf artifact of type Custom("symlink")).</summary>
    Symlink = 2,
    /// <summary>A named pipe (mkfifo(3)): a node without content; the kernel carries the data between its openers.</summary>
    Fifo = 3,
    /// <summary>A Unix domain socket bound with bind(2): a node without content; connections are the kernel's.</summary>
    Socket = 4,
    /// <summary>A character device node (mknod(2) S_IFCHR); <see cref="NodeRecord.DeviceNumber"/> names the device.</summary>
    CharacterDevice = 5,
    /// <summary>A block device node (mknod(2) S_IFBLK); <see cref="NodeRecord.DeviceNumber"/> names the device.</summary>
    BlockDevice = 6,
}

/// <summary>Questions about an <see cref="EntryKind"/>.</summary>
internal static class EntryKinds
{
    /// <summary>
    /// True for the special files (FIFO, socket, character and block device): nodes that hold no content of their own
    /// (their leaf is the empty one) and whose I/O the kernel does, not the filesystem (Linux <c>init_special_inode</c>).
    /// </summary>
    public static bool IsSpecial(this EntryKind kind) => kind is EntryKind.Fifo or EntryKind.Socket or EntryKind.CharacterDevice or EntryKind.BlockDevice;
}

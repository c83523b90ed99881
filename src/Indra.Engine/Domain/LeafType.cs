namespace Indra.Engine.Domain;

/// <summary>
/// What kind of leaf artifact a file is (the indras-fuse design's LeafType ↔ MIME table). Special files (FIFOs,
/// sockets, device nodes) are leaves too: their content is the empty leaf, and their type says what the node is.
/// </summary>
public enum LeafType
{
    /// <summary>Text, video and anything else (the default).</summary>
    File,
    /// <summary>.jpg, .jpeg, .png, .gif, .webp, .svg.</summary>
    Image,
    /// <summary>.token: a token of gratitude.</summary>
    Token,
    /// <summary>.attestation: a humanness attestation.</summary>
    Attestation,
    /// <summary>Custom("symlink"): a symbolic link whose payload is its target.</summary>
    Symlink,
    /// <summary>Custom("fifo"): a named pipe (mkfifo(3), S_IFIFO); no content, the kernel carries its data.</summary>
    Fifo,
    /// <summary>Custom("socket"): a Unix domain socket's name (bind(2), S_IFSOCK); no content.</summary>
    Socket,
    /// <summary>Custom("character device"): a character device node (mknod(2), S_IFCHR) and its device number; no content.</summary>
    CharacterDevice,
    /// <summary>Custom("block device"): a block device node (mknod(2), S_IFBLK) and its device number; no content.</summary>
    BlockDevice,
}

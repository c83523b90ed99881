using Indra.FileSystem.Nodes;

namespace Indra.FileSystem.Handles;

/// <summary>One open file or directory handle.</summary>
internal sealed class OpenHandle
{
    public OpenHandle(ulong id, ulong inode, Inode? node, int flags, bool isDirectory)
    {
        Id = id;
        InodeNumber = inode;
        Node = node;
        Flags = flags;
        IsDirectory = isDirectory;
    }

    public ulong Id { get; }

    public ulong InodeNumber { get; }

    /// <summary>The vault node, or null for a virtual node.</summary>
    public Inode? Node { get; }

    public int Flags { get; }

    public bool IsDirectory { get; }

    /// <summary>Vault files: when the handle was opened by the vault's clock, UTC ns since the Unix epoch (the dwell
    /// time of navigate_back is measured from it); 0 for other handles.</summary>
    public long OpenedAtNs { get; init; }

    public bool CanWrite => OpenFlags.Writes(Flags);

    public bool CanRead => OpenFlags.Reads(Flags);

    public bool Append => (Flags & OpenFlags.Append) != 0;

    /// <summary>Generated content of a virtual file, fixed at open so that reads are consistent.</summary>
    public byte[]? VirtualContent { get; init; }

    /// <summary>The shared-view file this handle reads, or null.</summary>
    public Virtual.SharedNode? Shared { get; init; }

    /// <summary>Shared-view files: the version pinned at open, which every read of this handle is served from;
    /// disposed at release.</summary>
    public ISharedFile? SharedFile { get; init; }

    /// <summary>True when attention was recorded at open (vault files): release then records navigate_back.</summary>
    public bool Attended { get; init; }

    /// <summary>The process that opened a vault file: its writes clear set-ID bits as that caller's would (null for
    /// generated and shared files).</summary>
    public CallerContext? Opener { get; init; }

    /// <summary>True once a read through this handle has applied the relatime rule (once per handle is enough).</summary>
    public bool AccessTouched { get; set; }
}

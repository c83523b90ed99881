using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

/// <summary>One node of <see cref="MemoryFileSystem"/> (guarded by the filesystem's lock).</summary>
internal sealed class MemoryNode
{
    public MemoryNode(ulong inode, uint mode, ulong parent, CallerContext owner, long nowNs)
    {
        Inode = inode;
        Mode = mode;
        Parent = parent;
        Uid = owner.Uid;
        Gid = owner.Gid;
        AccessTimeNs = ModifyTimeNs = ChangeTimeNs = BirthTimeNs = nowNs;
    }

    public ulong Inode { get; }
    public uint Mode { get; set; }
    public uint Uid { get; set; }
    public uint Gid { get; set; }
    public ulong Parent { get; set; }
    public uint Links { get; set; } = 1;
    public long AccessTimeNs { get; set; }
    public long ModifyTimeNs { get; set; }
    public long ChangeTimeNs { get; set; }
    public long BirthTimeNs { get; }
    public byte[] Data { get; set; } = [];
    public long Length { get; set; }
    public string? Target { get; set; }
    public ulong Device { get; set; }
    public Dictionary<string, byte[]> Xattrs { get; } = new(StringComparer.Ordinal);

    /// <summary>Directory entries: name → (inode, position). Positions only grow, so cookies stay valid.</summary>
    public Dictionary<string, (ulong Inode, long Position)> Children { get; } = new(StringComparer.Ordinal);
    public long NextPosition { get; set; } = 1;

    public bool IsDirectory => (Mode & FileModes.TypeMask) == FileModes.Directory;
    public bool IsSymlink => (Mode & FileModes.TypeMask) == FileModes.Symlink;

    public void SetLength(long length)
    {
        if (length > Data.Length)
        {
            var grown = new byte[Math.Max(length, Data.Length * 2L)];
            Data.AsSpan(0, (int)Length).CopyTo(grown);
            Data = grown;
        }
        else if (length < Length)
        {
            Data.AsSpan((int)length, (int)(Length - length)).Clear();
        }
        Length = length;
    }

    public NodeAttributes Attributes(int subdirectories) => new()
    {
        Inode = Inode,
        Generation = 1,
        Mode = Mode,
        LinkCount = IsDirectory ? (uint)(2 + subdirectories) : Links,
        Uid = Uid,
        Gid = Gid,
        Size = IsSymlink ? System.Text.Encoding.UTF8.GetByteCount(Target ?? string.Empty) : IsDirectory ? 4096 : Length,
        AccessTimeNs = AccessTimeNs,
        ModifyTimeNs = ModifyTimeNs,
        ChangeTimeNs = ChangeTimeNs,
        BirthTimeNs = BirthTimeNs,
        DeviceNumber = Device,
    };
}

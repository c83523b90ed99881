using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

internal sealed partial class MemoryFileSystem
{
    private readonly Dictionary<ulong, (ulong Inode, int Flags, CallerContext Opener)> _fileHandles = [];
    private ulong _nextHandle = 1;

    public int OpenFileHandles
    {
        get { lock (_gate) { return _fileHandles.Count; } }
    }

    public Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open)
    {
        lock (_gate)
        {
            attributes = default;
            open = default;
            Errno check = WritableDirectory(parent, name, out var directory);
            if (check != Errno.None)
            {
                return check;
            }
            MemoryNode node;
            if (directory.Children.TryGetValue(name, out var existing))
            {
                if ((flags & OpenFlags.Exclusive) != 0)
                {
                    return Errno.EEXIST;
                }
                node = _nodes[existing.Inode];
                if (node.IsDirectory)
                {
                    return Errno.EISDIR;
                }
            }
            else
            {
                node = NewNode(FileModes.Regular | (mode & FileModes.PermissionMask), parent, caller);
                AddChild(directory, name, node.Inode);
            }
            open = OpenHandle(node, name, flags, caller);
            attributes = Counted(node);
            return Errno.None;
        }
    }

    public Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open)
    {
        lock (_gate)
        {
            open = default;
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            if (node.IsDirectory)
            {
                return Errno.EISDIR;
            }
            if ((flags & OpenFlags.Truncate) != 0 && OpenFlags.Writes(flags))
            {
                node.SetLength(0);
                node.ModifyTimeNs = node.ChangeTimeNs = NowNs();
                node.Mode = SetIdRule.AfterContentChange(node.Mode, node.Gid, node.IsDirectory, caller);
            }
            string? name = _nodes.TryGetValue(node.Parent, out var parent)
                ? parent.Children.FirstOrDefault(pair => pair.Value.Inode == inode).Key
                : null;
            open = OpenHandle(node, name ?? string.Empty, flags, caller);
            return Errno.None;
        }
    }

    public Errno Read(ulong inode, ulong handle, long offset, Span<byte> buffer, out int bytesRead)
    {
        if (ReadGate is { } readGate)
        {
            Interlocked.Increment(ref _readsWaiting);
            readGate.Wait();
            Interlocked.Decrement(ref _readsWaiting);
        }
        lock (_gate)
        {
            bytesRead = 0;
            if (!_fileHandles.TryGetValue(handle, out var open) || open.Inode != inode)
            {
                return Errno.EBADF;
            }
            if (offset < 0)
            {
                return Errno.EINVAL;
            }
            var node = _nodes[inode];
            if (offset >= node.Length)
            {
                return Errno.None;
            }
            bytesRead = (int)Math.Min(buffer.Length, node.Length - offset);
            node.Data.AsSpan((int)offset, bytesRead).CopyTo(buffer);
            return Errno.None;
        }
    }

    public Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        lock (_gate)
        {
            bytesWritten = 0;
            if (!_fileHandles.TryGetValue(handle, out var open) || open.Inode != inode || !OpenFlags.Writes(open.Flags))
            {
                return Errno.EBADF;
            }
            if (offset < 0)
            {
                return Errno.EINVAL;
            }
            var node = _nodes[inode];
            if ((open.Flags & OpenFlags.Append) != 0)
            {
                offset = node.Length;
            }
            long end = offset + data.Length;
            if (end > node.Length)
            {
                node.SetLength(end);
            }
            data.CopyTo(node.Data.AsSpan((int)offset));
            node.ModifyTimeNs = node.ChangeTimeNs = NowNs();
            node.Mode = SetIdRule.AfterContentChange(node.Mode, node.Gid, node.IsDirectory, open.Opener);
            bytesWritten = data.Length;
            return Errno.None;
        }
    }

    public Errno Flush(ulong inode, ulong handle) => KnownHandle(inode, handle);

    public Errno Fsync(ulong inode, ulong handle, bool dataOnly) => KnownHandle(inode, handle);

    public Errno Release(ulong inode, ulong handle)
    {
        ReleaseGate?.Wait();
        lock (_gate)
        {
            return _fileHandles.Remove(handle) ? Errno.None : Errno.EBADF;
        }
    }

    private Errno KnownHandle(ulong inode, ulong handle)
    {
        lock (_gate)
        {
            return _fileHandles.TryGetValue(handle, out var open) && open.Inode == inode ? Errno.None : Errno.EBADF;
        }
    }

    private OpenResult OpenHandle(MemoryNode node, string name, int flags, CallerContext opener)
    {
        ulong handle = _nextHandle++;
        _fileHandles[handle] = (node.Inode, flags, opener);
        return new OpenResult(handle, KeepCache: name.StartsWith(KeepCachePrefix, StringComparison.Ordinal), DirectIo: false);
    }
}

using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

internal sealed partial class MemoryFileSystem
{
    private const long DotCookie = 1;
    private const long DotDotCookie = 2;

    private readonly Dictionary<ulong, ulong> _directoryHandles = [];

    public int OpenDirectoryHandles
    {
        get { lock (_gate) { return _directoryHandles.Count; } }
    }

    /// <summary>Never: tests change directories underneath without telling the kernel.</summary>
    public bool MayCacheListing(ulong inode) => false;

    public Errno OpenDirectory(ulong inode, CallerContext caller, out ulong handle)
    {
        lock (_gate)
        {
            handle = 0;
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            if (!node.IsDirectory)
            {
                return Errno.ENOTDIR;
            }
            handle = _nextHandle++;
            _directoryHandles[handle] = inode;
            return Errno.None;
        }
    }

    /// <summary>Cookies: "." 1, ".." 2, then 2 + the entry's position (positions only grow, so resuming is exact).</summary>
    public Errno ReadDirectory(ulong inode, ulong handle, long cookie, bool plus, DirectoryEntrySink sink)
    {
        lock (_gate)
        {
            if (!_directoryHandles.TryGetValue(handle, out ulong opened) || opened != inode)
            {
                return Errno.EBADF;
            }
            var directory = _nodes[inode];
            if (cookie < DotCookie && !sink(new DirectoryEntry(".", AttributesOf(directory), DotCookie)))
            {
                return Errno.None;
            }
            if (cookie < DotDotCookie && !sink(new DirectoryEntry("..", AttributesOf(_nodes[directory.Parent]), DotDotCookie)))
            {
                return Errno.None;
            }
            foreach (var (name, child) in directory.Children.OrderBy(pair => pair.Value.Position))
            {
                long next = child.Position + DotDotCookie;
                if (next <= cookie)
                {
                    continue;
                }
                var node = _nodes[child.Inode];
                if (!sink(new DirectoryEntry(name, AttributesOf(node), next)))
                {
                    return Errno.None;
                }
                if (plus)
                {
                    _lookupCounts[node.Inode] = _lookupCounts.GetValueOrDefault(node.Inode) + 1;
                }
            }
            return Errno.None;
        }
    }

    public Errno FsyncDirectory(ulong inode, ulong handle) => Errno.None;

    public Errno ReleaseDirectory(ulong inode, ulong handle)
    {
        lock (_gate)
        {
            return _directoryHandles.Remove(handle) ? Errno.None : Errno.EBADF;
        }
    }
}

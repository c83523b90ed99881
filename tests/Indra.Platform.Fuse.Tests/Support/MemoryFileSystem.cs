using System.Text;
using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

/// <summary>
/// A small in-memory <see cref="IVaultFileSystem"/>: a test double of the layer above the FUSE host (the real vault
/// filesystem is tested by its own suite). It keeps exact lookup counts so that the host's accounting can be
/// checked, records counts that would go negative, and can be told to throw to check the host's EIO path.
/// One lock guards everything.
/// </summary>
internal sealed partial class MemoryFileSystem : IVaultFileSystem
{
    public const int MaxNameBytes = 255;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, MemoryNode> _nodes = [];
    private readonly Dictionary<ulong, long> _lookupCounts = [];
    private readonly Dictionary<string, int> _xattrReads = [];
    private readonly List<string> _countViolations = [];
    private ulong _nextInode = ReservedInodes.FirstVaultNode;

    public MemoryFileSystem()
    {
        var root = new MemoryNode(ReservedInodes.Root, FileModes.Directory | 0x1ED /* 0755 */, ReservedInodes.Root,
            CallerContext.Self, NowNs());
        _nodes[root.Inode] = root;
    }

    /// <summary>Lookup of this name throws (to check that the host answers EIO and survives).</summary>
    public string? ThrowOnLookupName { get; set; }

    /// <summary>What a lookup of <see cref="ThrowOnLookupName"/> throws; an InvalidOperationException when null.</summary>
    public Func<Exception>? LookupFailure { get; set; }

    /// <summary>While set, every read waits for it before touching the filesystem (a read held up as by a block fetched
    /// from a peer); <see cref="ReadsWaiting"/> counts the reads waiting.</summary>
    public ManualResetEventSlim? ReadGate { get; set; }

    /// <summary>Reads waiting on <see cref="ReadGate"/> now.</summary>
    public int ReadsWaiting => Volatile.Read(ref _readsWaiting);

    private int _readsWaiting;

    /// <summary>Files whose name starts with this prefix open with keep_cache.</summary>
    public string KeepCachePrefix { get; set; } = "cached";

    public int FlushAllCount { get; private set; }

    /// <summary>While set and not signalled, every release waits for it.</summary>
    public ManualResetEventSlim? ReleaseGate { get; set; }

    /// <summary>File handles still open when <see cref="FlushAll"/> last ran (every release done first: 0).</summary>
    public int HandlesOpenAtFlushAll { get; private set; } = -1;

    public IInvalidationSink? InvalidationSink { get; private set; }

    /// <summary>Forgets that would have made a count negative (must stay empty).</summary>
    public IReadOnlyList<string> CountViolations
    {
        get { lock (_gate) { return [.. _countViolations]; } }
    }

    public long LookupCount(ulong inode)
    {
        lock (_gate)
        {
            return _lookupCounts.GetValueOrDefault(inode);
        }
    }

    /// <summary>Sum of all lookup counts the kernel holds.</summary>
    public long OutstandingLookups()
    {
        lock (_gate)
        {
            return _lookupCounts.Values.Sum();
        }
    }

    public void SetInvalidationSink(IInvalidationSink? sink) => InvalidationSink = sink;

    public void AnnounceChange(ulong parent, string name)
    {
        InvalidationSink?.InvalidateEntry(parent, name);
        InvalidationSink?.InvalidateInode(parent);
    }

    public Errno Lookup(ulong parent, string name, out NodeAttributes attributes)
    {
        if (name == ThrowOnLookupName)
        {
            throw LookupFailure?.Invoke() ?? new InvalidOperationException($"test double told to throw on lookup of \"{name}\"");
        }
        lock (_gate)
        {
            attributes = default;
            Errno check = CheckName(name);
            if (check != Errno.None)
            {
                return check;
            }
            if (!_nodes.TryGetValue(parent, out var directory))
            {
                return Errno.ENOENT;
            }
            if (!directory.IsDirectory)
            {
                return Errno.ENOTDIR;
            }
            if (!directory.Children.TryGetValue(name, out var child))
            {
                return Errno.ENOENT;
            }
            attributes = Counted(_nodes[child.Inode]);
            return Errno.None;
        }
    }

    public void Forget(ulong inode, ulong count)
    {
        lock (_gate)
        {
            long now = _lookupCounts.GetValueOrDefault(inode) - (long)count;
            if (now < 0)
            {
                _countViolations.Add($"forget({inode}, {count}) with only {now + (long)count} outstanding");
                now = 0;
            }
            _lookupCounts[inode] = now;
        }
    }

    public Errno GetAttributes(ulong inode, out NodeAttributes attributes)
    {
        lock (_gate)
        {
            attributes = default;
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            attributes = AttributesOf(node);
            return Errno.None;
        }
    }

    public Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes)
    {
        lock (_gate)
        {
            attributes = default;
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            var fields = request.Fields;
            long now = NowNs();
            if (fields.HasFlag(SetAttributeFields.Size))
            {
                if (node.IsDirectory)
                {
                    return Errno.EISDIR;
                }
                if (request.Size < 0)
                {
                    return Errno.EINVAL;
                }
                node.SetLength(request.Size);
                node.ModifyTimeNs = now;
            }
            if (fields.HasFlag(SetAttributeFields.Mode))
            {
                node.Mode = (node.Mode & FileModes.TypeMask) | (request.Mode & FileModes.PermissionMask);
            }
            else
            {
                node.Mode = SetIdRule.AfterSetAttributes(node.Mode, node.Gid, node.IsDirectory, fields, caller);
            }
            if (fields.HasFlag(SetAttributeFields.Uid))
            {
                node.Uid = request.Uid;
            }
            if (fields.HasFlag(SetAttributeFields.Gid))
            {
                node.Gid = request.Gid;
            }
            if (fields.HasFlag(SetAttributeFields.AccessTime))
            {
                node.AccessTimeNs = request.AccessTimeNs;
            }
            if (fields.HasFlag(SetAttributeFields.AccessTimeNow))
            {
                node.AccessTimeNs = now;
            }
            if (fields.HasFlag(SetAttributeFields.ModifyTime))
            {
                node.ModifyTimeNs = request.ModifyTimeNs;
            }
            if (fields.HasFlag(SetAttributeFields.ModifyTimeNow))
            {
                node.ModifyTimeNs = now;
            }
            node.ChangeTimeNs = now;
            attributes = AttributesOf(node);
            return Errno.None;
        }
    }

    public Errno GetStatistics(out FileSystemStatistics statistics)
    {
        lock (_gate)
        {
            statistics = new FileSystemStatistics(4096, 1_000_000, 750_000, 700_000, 1_000_000, 1_000_000 - (ulong)_nodes.Count, MaxNameBytes);
            return Errno.None;
        }
    }

    public Errno GetPath(ulong inode, out string path)
    {
        lock (_gate)
        {
            path = string.Empty;
            var parts = new List<string>();
            ulong current = inode;
            while (current != ReservedInodes.Root)
            {
                if (!_nodes.TryGetValue(current, out var node) || !_nodes.TryGetValue(node.Parent, out var parent))
                {
                    return Errno.ENOENT;
                }
                string? name = parent.Children.FirstOrDefault(pair => pair.Value.Inode == current).Key;
                if (name is null)
                {
                    return Errno.ENOENT;
                }
                parts.Insert(0, name);
                current = parent.Inode;
            }
            path = string.Join('/', parts);
            return Errno.None;
        }
    }

    public void FlushAll()
    {
        lock (_gate)
        {
            FlushAllCount++;
            HandlesOpenAtFlushAll = _fileHandles.Count;
        }
    }

    public void Dispose()
    {
    }

    private static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static Errno CheckName(string name)
    {
        if (name.Length == 0 || name.Contains('/') || name.Contains('\0'))
        {
            return Errno.EINVAL;
        }
        return Encoding.UTF8.GetByteCount(name) > MaxNameBytes ? Errno.ENAMETOOLONG : Errno.None;
    }

    private NodeAttributes AttributesOf(MemoryNode node) =>
        node.Attributes(node.IsDirectory ? node.Children.Values.Count(child => _nodes[child.Inode].IsDirectory) : 0);

    /// <summary>Takes one lookup reference on <paramref name="node"/> and returns its attributes.</summary>
    private NodeAttributes Counted(MemoryNode node)
    {
        _lookupCounts[node.Inode] = _lookupCounts.GetValueOrDefault(node.Inode) + 1;
        return AttributesOf(node);
    }

    private MemoryNode NewNode(uint mode, ulong parent, CallerContext owner)
    {
        var node = new MemoryNode(_nextInode++, mode, parent, owner, NowNs());
        _nodes[node.Inode] = node;
        return node;
    }

    private Errno WritableDirectory(ulong parent, string name, out MemoryNode directory)
    {
        directory = null!;
        Errno check = CheckName(name);
        if (check != Errno.None)
        {
            return check;
        }
        if (!_nodes.TryGetValue(parent, out var found))
        {
            return Errno.ENOENT;
        }
        if (!found.IsDirectory)
        {
            return Errno.ENOTDIR;
        }
        directory = found;
        return Errno.None;
    }

    private static void AddChild(MemoryNode directory, string name, ulong inode)
    {
        directory.Children[name] = (inode, directory.NextPosition++);
        directory.ModifyTimeNs = directory.ChangeTimeNs = NowNs();
    }
}

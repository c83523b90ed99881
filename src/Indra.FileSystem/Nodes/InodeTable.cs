using System.Buffers;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Virtual;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// The loaded vault nodes by inode number: loading on demand, the kernel's lookup counts and forget, eviction of idle
/// nodes past a soft limit, the parent and name each node was last reached through, and deletion of unlinked nodes
/// once nothing refers to them. <see cref="Gate"/> serializes every namespace change and every change of a loaded
/// record; methods documented "caller holds Gate" expect it taken.
/// </summary>
internal sealed class InodeTable
{
    /// <summary>Loaded inodes beyond which idle ones are evicted, unless <see cref="SoftLimit"/> is set.</summary>
    public const int DefaultSoftLimit = 200_000;

    /// <summary>Most levels <see cref="PathOf"/> climbs before it gives up (corrupt, cyclic metadata).</summary>
    private const int MaxPathDepth = 4096;

    private readonly InodeMap _inodes = new();
    private readonly VaultTree _tree;
    private readonly HeapCompaction? _compaction;
    private int _softLimit = DefaultSoftLimit;
    private int _trimAt = DefaultSoftLimit;

    /// <summary>A table over <paramref name="tree"/>; nodes loaded and evicted are counted towards <paramref name="compaction"/>.</summary>
    public InodeTable(VaultTree tree, HeapCompaction? compaction = null)
    {
        _tree = tree;
        _compaction = compaction;
    }

    /// <summary>Loaded inodes beyond which idle ones are evicted (<see cref="TrimCache"/>); tests lower it.</summary>
    public int SoftLimit
    {
        get => _softLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 4);
            lock (Gate)
            {
                _softLimit = value;
                _trimAt = value;
            }
        }
    }

    /// <summary>Loaded nodes now (vault nodes only).</summary>
    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _inodes.Count;
            }
        }
    }

    /// <summary>The tree lock: held for every lookup, namespace change and change of a loaded record.</summary>
    public Lock Gate { get; } = new();

    /// <summary>True for inode numbers of stored vault nodes (not the reserved, generated or shared ranges).</summary>
    public static bool IsVaultNode(ulong inode) =>
        inode >= ReservedInodes.Vault && inode < ReservedInodes.FirstVirtual && !VirtualTree.IsVirtual(inode);

    /// <summary>The loaded inode for a vault node number, loading it from the vault tree if needed. Caller holds <see cref="Gate"/>.</summary>
    public Inode? Load(long number)
    {
        if (_inodes.TryGetValue(number, out var node)) return node;
        var record = _tree.GetNode(number);
        if (record is null) return null;
        node = new Inode(record);
        _inodes.Set(node);
        _compaction?.Note(1);
        return node;
    }

    /// <summary>The vault root (/vault). Caller holds <see cref="Gate"/>.</summary>
    public Inode Root => Load(Vault.RootInode) ?? throw new InvalidOperationException("the vault has no root node");

    /// <summary>Loads a vault node for an inode number from the host; null outside the vault range or when missing.</summary>
    public Inode? LoadVaultNode(ulong inode)
    {
        if (!IsVaultNode(inode)) return null;
        lock (Gate)
        {
            return Load((long)inode);
        }
    }

    /// <summary>Adds a node just created. Caller holds <see cref="Gate"/>.</summary>
    public void Add(Inode node) => _inodes.Set(node);

    /// <summary>The index of a directory's references, loading them with their nodes in one query. Caller holds <see cref="Gate"/>.</summary>
    public DirectoryIndex ChildrenOf(Inode directory)
    {
        if (directory.Children is not null) return directory.Children;
        var entries = _tree.List(directory.Number);
        var index = new DirectoryIndex(entries.Count);
        foreach (var (reference, record) in entries)
        {
            index.Add(reference.Label, reference.Position, reference.Node);
            if (!_inodes.TryGetValue(record.Inode, out var child))
            {
                child = new Inode(record);
                _inodes.Set(child);
            }
            if (child.Parent == 0)
            {
                child.Parent = directory.Number;
                child.Name = reference.Label;
            }
        }
        directory.Children = index;
        _compaction?.Note(entries.Count);
        return index;
    }

    /// <summary>Drops <paramref name="count"/> lookup references (FUSE forget); deletes or evicts the node when it is idle.</summary>
    public void Forget(ulong inode, ulong count)
    {
        if (!IsVaultNode(inode)) return;
        lock (Gate)
        {
            if (!_inodes.TryGetValue((long)inode, out var node)) return;
            node.LookupCount = Math.Max(0, node.LookupCount - (long)count);
            ReapIfDead(node);
            if (node.IsIdle) TrimCache();
        }
    }

    /// <summary>Deletes an unlinked node once nothing refers to it any more. Caller holds <see cref="Gate"/>.</summary>
    public void ReapIfDead(Inode node)
    {
        if (!node.Unlinked || node.LookupCount > 0 || node.OpenCount > 0) return;
        node.Staged?.Dispose();
        node.Staged = null;
        _inodes.Remove(node.Number);
        _compaction?.Note(1);
        var record = node.Record;
        // Queued like the unlink that led here; the blocks it frees go once that transaction has committed.
        _tree.Defer(record.Inode, () => _tree.Release(record));
    }

    /// <summary>"vault/a/b" for a vault node, or null when it has no name any more. Caller holds <see cref="Gate"/>.</summary>
    /// <remarks>
    /// Every open, opendir and release asks for one (the attention trail), so the names are written from the end into
    /// one buffer on the stack as the walk climbs, and the string is made once; a path longer than the buffer is
    /// written again into a rented one.
    /// </remarks>
    public string? PathOf(Inode node)
    {
        Span<char> buffer = stackalloc char[PathBufferChars];
        char[]? rented = null;
        try
        {
            while (true)
            {
                var start = WritePath(node, buffer);
                if (start >= 0) return new string(buffer[start..]);
                if (start == NoPath) return null;
                var larger = ArrayPool<char>.Shared.Rent(buffer.Length * 4);
                if (rented is not null) ArrayPool<char>.Shared.Return(rented);
                rented = larger;
                buffer = rented;
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Characters of the stack buffer <see cref="PathOf"/> writes into first.</summary>
    private const int PathBufferChars = 512;

    /// <summary><see cref="WritePath"/>: the node has no name any more (or the metadata is corrupt).</summary>
    private const int NoPath = -1;

    /// <summary><see cref="WritePath"/>: the path does not fit the buffer.</summary>
    private const int TooLong = -2;

    /// <summary>
    /// Writes the path of <paramref name="node"/> at the end of <paramref name="buffer"/> and returns where it starts;
    /// <see cref="NoPath"/> or <see cref="TooLong"/>. A node whose parent is not loaded takes its first reference from
    /// the vault tree as its parent and name (kept, so a second walk climbs in memory).
    /// </summary>
    private int WritePath(Inode node, Span<char> buffer)
    {
        const string root = "vault";
        var start = buffer.Length;
        var current = node;
        for (var depth = 0; depth < MaxPathDepth; depth++)
        {
            if (current.Number == Vault.RootInode)
            {
                if (start < root.Length) return TooLong;
                start -= root.Length;
                root.CopyTo(buffer[start..]);
                return start;
            }
            if (current.Parent == 0 || !_inodes.TryGetValue(current.Parent, out var parent))
            {
                var refs = _tree.ReferencesTo(current.Number);
                if (refs.Count == 0) return NoPath;
                current.Parent = refs[0].Tree;
                current.Name = refs[0].Label;
                parent = Load(current.Parent);
                if (parent is null) return NoPath;
            }
            var name = current.Name;
            if (start < name.Length + 1) return TooLong;
            start -= name.Length;
            name.CopyTo(buffer[start..]);
            buffer[--start] = '/';
            current = parent;
        }
        return NoPath;
    }

    /// <summary>The parent tree of a directory (directories have exactly one), 0 when none. Caller holds <see cref="Gate"/>.</summary>
    public long ParentOf(long inode)
    {
        if (_inodes.TryGetValue(inode, out var node) && node.Parent != 0 && !node.Unlinked) return node.Parent;
        var refs = _tree.ReferencesTo(inode);
        return refs.Count == 0 ? 0 : refs[0].Tree;
    }

    /// <summary>The artifact id of the tree a node was reached through (the root's id when unknown).</summary>
    public ArtifactId ParentArtifact(Inode node)
    {
        lock (Gate)
        {
            if (node.Parent != 0 && _inodes.TryGetValue(node.Parent, out var parent)) return parent.Record.ArtifactId;
            return Root.Record.ArtifactId;
        }
    }

    /// <summary>The loaded nodes holding staged writes.</summary>
    public List<Inode> WithStagedWrites()
    {
        lock (Gate)
        {
            return _inodes.Values.Where(n => n.Staged is not null).ToList();
        }
    }

    /// <summary>
    /// A version saved with a provisional id got its real one (<see cref="LeafIdResolver"/>): loaded nodes holding
    /// it move to the real id at once, and the tree (nodes, leaf, block list) in the next queued transaction.
    /// </summary>
    public void Rekey(ArtifactId provisional, LeafVersion resolved)
    {
        var real = new ArtifactId(resolved.Id);
        lock (Gate)
        {
            // One unit: a node row naming the real id lands with the leaf row moved to it.
            _tree.DeferTogether(() =>
            {
                foreach (var node in _inodes.Values)
                {
                    if (node.Record.ArtifactId != provisional) continue;
                    var record = node.Record.Clone();
                    record.ArtifactId = real;
                    node.Record = record;
                    node.Content = resolved;
                    if (node.PageCacheId == provisional) node.PageCacheId = real;
                    _tree.QueueNodeUpdate(record);
                }
                _tree.Defer(() => _tree.RekeyLeaf(provisional, real));
            });
        }
    }

    /// <summary>Drops every loaded node and its staging area (at dispose, after everything was committed).</summary>
    public void Clear()
    {
        lock (Gate)
        {
            foreach (var node in _inodes.Values)
            {
                node.Staged?.Dispose();
                node.Staged = null;
            }
            _inodes.Clear();
        }
    }

    /// <summary>
    /// Drops idle inodes when the cache is large (caller holds <see cref="Gate"/>): every node the kernel no longer
    /// holds, has no handle open and nothing staged, down to half the soft limit, so what stays loaded is bounded by
    /// what the kernel holds plus <see cref="SoftLimit"/>. Directories stay (their records carry the next
    /// position), but an idle one gives up its index of references, which is read again when next needed.
    /// </summary>
    /// <remarks>
    /// The queued writes land first: an evicted node is read back from the database, which must then hold its last
    /// state. If they cannot land (a full disk), nothing is evicted this time.
    /// </remarks>
    private void TrimCache()
    {
        // A scan happens only when the cache has grown a quarter of the limit past the last trim, so a flood of forgets
        // for inodes that cannot be evicted (still looked up or open) costs nothing per forget.
        if (_inodes.Count < _trimAt) return;
        _tree.Flush();
        if (_tree.HasQueuedWrites) return;
        var keep = _softLimit / 2;
        var victims = new List<long>();
        var dropped = 0;
        foreach (var node in _inodes.Values)
        {
            if (_inodes.Count - victims.Count <= keep) break;
            if (!node.IsIdle || node.Number == Vault.RootInode) continue;
            if (node.Kind == NodeKind.Directory) dropped += DropChildren(node);
            else victims.Add(node.Number);
        }
        foreach (var victim in victims)
        {
            _inodes.Remove(victim, out var node);
            if (node!.Parent != 0 && _inodes.TryGetValue(node.Parent, out var parent) && parent.IsIdle) dropped += DropChildren(parent);
        }
        _compaction?.Note(victims.Count + dropped);
        if (victims.Count > _softLimit / 4) _inodes.TrimExcess();
        _trimAt = Math.Max(_softLimit, _inodes.Count + _softLimit / 4);
    }

    /// <summary>Drops an idle directory's index of references (read again when next needed); the entries it held.</summary>
    private static int DropChildren(Inode directory)
    {
        var entries = directory.Children?.Count ?? 0;
        directory.Children = null;
        return entries;
    }
}

namespace Indra.FileSystem.Virtual;

/// <summary>
/// Inode numbers for the entries of shared views, with the kernel's lookup count of each (FUSE lookup and forget).
/// A node the kernel holds (count above zero) keeps its number; once its count falls to zero it is idle, and of the
/// idle nodes only the <see cref="DefaultIdleLimit"/> most recently used are kept (so that a host without forget,
/// ProjFS, can use a number right after dropping its reference, and a listing's numbers stay valid while it is read);
/// older idle ones are dropped. Numbers are never reused: a path whose node was dropped gets a new, higher number
/// when it is seen again, so the generation of every number stays 1 (FUSE requires the pair (number, generation) to be
/// unique for the life of the mount). Looking up a name that does not exist allocates nothing. Thread-safe.
/// </summary>
internal sealed class SharedNodeTable
{
    /// <summary>Most idle nodes kept (65,536): tens of MB at most for ordinary path lengths.</summary>
    public const int DefaultIdleLimit = 65_536;

    private const ulong First = ReservedInodes.FirstVirtual + 1_000_000;
    private readonly object _gate = new();
    private readonly Dictionary<(ShareScope, string, string), Slot> _byPath = new();
    private readonly Dictionary<ulong, Slot> _byInode = new();
    private readonly LinkedList<Slot> _idle = new();
    private readonly int _idleLimit;
    private ulong _next = First;

    /// <param name="idleLimit">Most idle nodes kept, at least 1.</param>
    public SharedNodeTable(int idleLimit = DefaultIdleLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(idleLimit);
        _idleLimit = idleLimit;
    }

    /// <summary>True for numbers in the range shared nodes are given (whether or not one holds it now).</summary>
    public static bool InRange(ulong inode) => inode >= First;

    /// <summary>Nodes held now, idle ones included.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _byInode.Count;
        }
    }

    /// <summary>Nodes the kernel holds (lookup count above zero).</summary>
    public int HeldCount
    {
        get
        {
            lock (_gate) return _byInode.Count - _idle.Count;
        }
    }

    /// <summary>The node of a path, made when missing, taking one lookup reference (lookup, readdirplus).</summary>
    public SharedNode Acquire(ShareScope scope, string name, string path)
    {
        lock (_gate)
        {
            var slot = SlotFor(scope, name, path);
            if (slot.IdleLink.List is not null) _idle.Remove(slot.IdleLink);
            slot.Lookups++;
            return slot.Node;
        }
    }

    /// <summary>The node of a path, made when missing, without a lookup reference (plain readdir, "..").</summary>
    public SharedNode For(ShareScope scope, string name, string path)
    {
        lock (_gate)
        {
            var slot = SlotFor(scope, name, path);
            if (slot.Lookups == 0) Touch(slot);
            return slot.Node;
        }
    }

    /// <summary>Drops <paramref name="count"/> lookup references; at zero the node becomes idle.</summary>
    public void Forget(ulong inode, ulong count)
    {
        lock (_gate)
        {
            if (!_byInode.TryGetValue(inode, out var slot) || slot.Lookups == 0) return;
            slot.Lookups = count >= slot.Lookups ? 0 : slot.Lookups - count;
            if (slot.Lookups == 0) Touch(slot);
        }
    }

    /// <summary>The node numbered <paramref name="inode"/>, or null (never given, or dropped).</summary>
    public SharedNode? Get(ulong inode)
    {
        lock (_gate)
        {
            if (!_byInode.TryGetValue(inode, out var slot)) return null;
            if (slot.Lookups == 0) Touch(slot);
            return slot.Node;
        }
    }

    /// <summary>The node of a path if it has one now, or null; makes nothing.</summary>
    public SharedNode? Find(ShareScope scope, string name, string path)
    {
        lock (_gate) return _byPath.GetValueOrDefault((scope, name, path))?.Node;
    }

    private Slot SlotFor(ShareScope scope, string name, string path)
    {
        if (_byPath.TryGetValue((scope, name, path), out var slot)) return slot;
        slot = new Slot(new SharedNode(++_next, scope, name, path));
        _byPath[(scope, name, path)] = slot;
        _byInode[slot.Node.Inode] = slot;
        return slot;
    }

    /// <summary>Makes an idle slot the most recently used one and drops the oldest idle ones past the limit.</summary>
    private void Touch(Slot slot)
    {
        if (slot.IdleLink.List is not null) _idle.Remove(slot.IdleLink);
        _idle.AddLast(slot.IdleLink);
        while (_idle.Count > _idleLimit)
        {
            var oldest = _idle.First!.Value;
            _idle.RemoveFirst();
            _byInode.Remove(oldest.Node.Inode);
            _byPath.Remove((oldest.Node.Scope, oldest.Node.Name, oldest.Node.Path));
        }
    }

    private sealed class Slot
    {
        public Slot(SharedNode node)
        {
            Node = node;
            IdleLink = new LinkedListNode<Slot>(this);
        }

        public SharedNode Node { get; }

        /// <summary>The kernel's lookup references.</summary>
        public ulong Lookups { get; set; }

        /// <summary>Its place in the idle list while idle.</summary>
        public LinkedListNode<Slot> IdleLink { get; }
    }
}

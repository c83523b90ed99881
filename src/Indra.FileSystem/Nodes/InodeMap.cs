using System.Diagnostics.CodeAnalysis;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// The loaded inodes by number: open addressing with linear probing over one array of references (an entry's key is
/// its own <see cref="Inode.Number"/>), at most three quarters full, removal by shifting the probe run back (no
/// tombstones). Not thread-safe: <see cref="InodeTable"/> serializes every use under its gate.
/// </summary>
/// <remarks>
/// 8 bytes a slot, 11-16 bytes per loaded inode where a <c>Dictionary&lt;long, Inode&gt;</c> took 28-56 (an entry of
/// hash, next, key and value plus a bucket; issue 15: bytes per cached inode), and one array to resize instead of two.
/// </remarks>
internal sealed class InodeMap
{
    private const int MinimumCapacity = 16;
    private Inode?[] _slots = new Inode?[MinimumCapacity];
    private int _count;
    private int _version;

    /// <summary>Inodes held.</summary>
    public int Count => _count;

    /// <summary>Slots now (a power of two): the array's length.</summary>
    public int Capacity => _slots.Length;

    /// <summary>The inode numbered <paramref name="number"/>, if held.</summary>
    public bool TryGetValue(long number, [MaybeNullWhen(false)] out Inode node)
    {
        var slot = SlotOf(number);
        node = slot < 0 ? null : _slots[slot];
        return node is not null;
    }

    /// <summary>True if the inode numbered <paramref name="number"/> is held.</summary>
    public bool ContainsKey(long number) => SlotOf(number) >= 0;

    /// <summary>Holds <paramref name="node"/> under its number, in place of any inode held under it.</summary>
    public void Set(Inode node)
    {
        var mask = _slots.Length - 1;
        for (var i = Home(node.Number, mask); ; i = (i + 1) & mask)
        {
            var held = _slots[i];
            if (held is null) break;
            if (held.Number != node.Number) continue;
            _slots[i] = node;
            _version++;
            return;
        }
        if ((_count + 1) * 4 > _slots.Length * 3) Resize(_slots.Length * 2);
        Place(_slots, node);
        _count++;
        _version++;
    }

    /// <summary>Removes the inode numbered <paramref name="number"/>; false if none was held.</summary>
    public bool Remove(long number) => Remove(number, out _);

    /// <summary>Removes the inode numbered <paramref name="number"/> and gives it; false if none was held.</summary>
    public bool Remove(long number, [MaybeNullWhen(false)] out Inode node)
    {
        var hole = SlotOf(number);
        if (hole < 0)
        {
            node = null;
            return false;
        }
        node = _slots[hole]!;
        var mask = _slots.Length - 1;
        // Entries after the hole whose probe started at or before it move back into it, so every probe still ends at
        // a free slot only after passing its entry.
        for (var next = (hole + 1) & mask; _slots[next] is { } moving; next = (next + 1) & mask)
        {
            var home = Home(moving.Number, mask);
            var stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (stays) continue;
            _slots[hole] = moving;
            hole = next;
        }
        _slots[hole] = null;
        _count--;
        _version++;
        return true;
    }

    /// <summary>The inodes held, in no particular order; changing the map while enumerating throws.</summary>
    /// <exception cref="InvalidOperationException">The map changed during the enumeration.</exception>
    public IEnumerable<Inode> Values
    {
        get
        {
            var version = _version;
            var slots = _slots;
            foreach (var node in slots)
            {
                if (node is null) continue;
                yield return node;
                if (version != _version) throw new InvalidOperationException("the inode map changed during an enumeration");
            }
        }
    }

    /// <summary>Removes every inode and returns to the smallest array.</summary>
    public void Clear()
    {
        _slots = new Inode?[MinimumCapacity];
        _count = 0;
        _version++;
    }

    /// <summary>Shrinks the array to the smallest power of two that holds the inodes at most three quarters full.</summary>
    public void TrimExcess()
    {
        var capacity = MinimumCapacity;
        while (_count * 4 > capacity * 3) capacity *= 2;
        if (capacity < _slots.Length) Resize(capacity);
    }

    /// <summary>The slot holding the inode numbered <paramref name="number"/>, or -1.</summary>
    private int SlotOf(long number)
    {
        var mask = _slots.Length - 1;
        for (var i = Home(number, mask); _slots[i] is { } held; i = (i + 1) & mask)
        {
            if (held.Number == number) return i;
        }
        return -1;
    }

    private void Resize(int capacity)
    {
        var slots = new Inode?[capacity];
        foreach (var node in _slots)
        {
            if (node is not null) Place(slots, node);
        }
        _slots = slots;
        _version++;
    }

    /// <summary>Puts <paramref name="node"/> in the first free slot of its probe run (it is not held yet).</summary>
    private static void Place(Inode?[] slots, Inode node)
    {
        var mask = slots.Length - 1;
        var i = Home(node.Number, mask);
        while (slots[i] is not null) i = (i + 1) & mask;
        slots[i] = node;
    }

    /// <summary>Where the probe for <paramref name="number"/> starts: Fibonacci hashing, so consecutive numbers spread.</summary>
    private static int Home(long number, int mask) => (int)(((ulong)number * 0x9E3779B97F4A7C15UL) >> 32) & mask;
}

using System.Numerics;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// The references of one loaded tree: label → (position, child) plus the labels in position order, so that a listing
/// can resume after any position in O(log n) even while entries are added and removed (positions are never reused).
/// Callers serialize changes; listings take snapshots of small batches under the index's own lock.
/// </summary>
/// <remarks>
/// One array of (position, label, child) sorted by position: a new reference takes its tree's next position, so adding
/// is an append; a removed entry leaves a hole (label null) that is squeezed out once holes are half the array. Labels
/// are found through an open-addressing table of slot numbers (linear probing, at most half full; a hole stays in it
/// as a tombstone until the next rebuild), rebuilt when the array grows, is squeezed or shifts. About 24 bytes per
/// entry plus 8 of table where a label dictionary beside a position array cost about 80 (issue 15: bytes per cached
/// inode).
/// </remarks>
internal sealed class DirectoryIndex
{
    private const int Batch = 256;
    private const int MinimumCapacity = 4;
    private Entry[] _order;
    /// <summary>Slot + 1 of the entry a label hashes near, 0 for free; its length is a power of two, at least twice <see cref="_order"/>'s.</summary>
    private int[] _table;
    private int _used;
    private int _holes;
    /// <summary>Occupied cells of <see cref="_table"/>: live entries, tombstones, and the stale cell a reused hole leaves.</summary>
    private int _placed;

    /// <summary>An empty index with room for <paramref name="capacity"/> entries before it grows.</summary>
    public DirectoryIndex(int capacity = 0)
    {
        _order = new Entry[Math.Max(MinimumCapacity, capacity)];
        _table = new int[TableLength(_order.Length)];
    }

    public int Count => _used - _holes;

    public bool TryGet(string label, out long child)
    {
        lock (this)
        {
            var slot = SlotOf(label);
            child = slot < 0 ? 0 : _order[slot].Child;
            return slot >= 0;
        }
    }

    /// <summary>
    /// Like <see cref="TryGet(string, out long)"/>, and gives the index's own copy of the label, which a loaded node
    /// keeps as its name instead of a second copy of the same text.
    /// </summary>
    public bool TryGet(string label, out long child, out string stored)
    {
        lock (this)
        {
            var slot = SlotOf(label);
            child = slot < 0 ? 0 : _order[slot].Child;
            stored = slot < 0 ? label : _order[slot].Label!;
            return slot >= 0;
        }
    }

    public bool TryGetPosition(string label, out long position)
    {
        lock (this)
        {
            var slot = SlotOf(label);
            position = slot < 0 ? 0 : _order[slot].Position;
            return slot >= 0;
        }
    }

    public void Add(string label, long position, long child)
    {
        lock (this)
        {
            var old = SlotOf(label);
            if (old >= 0) Vacate(old);
            Insert(position, label, child);
        }
    }

    public void Remove(string label)
    {
        lock (this)
        {
            var slot = SlotOf(label);
            if (slot >= 0) Vacate(slot);
        }
    }

    /// <summary>Entries with a position greater than <paramref name="after"/>, in order. Safe against concurrent changes.</summary>
    public IEnumerable<(long Position, string Label, long Child)> After(long after)
    {
        var batch = new List<(long, string, long)>(Batch);
        var cursor = after;
        while (true)
        {
            batch.Clear();
            lock (this)
            {
                for (var slot = FirstAfter(cursor); slot < _used && batch.Count < Batch; slot++)
                {
                    var entry = _order[slot];
                    if (entry.Label is null) continue;
                    batch.Add((entry.Position, entry.Label, entry.Child));
                }
            }
            if (batch.Count == 0) yield break;
            foreach (var item in batch) yield return item;
            cursor = batch[^1].Item1;
        }
    }

    /// <summary>Puts the entry in order: an append for a new position, a shift for an older one (an exchange).</summary>
    private void Insert(long position, string label, long child)
    {
        var slot = _used == 0 || _order[_used - 1].Position < position ? _used : FirstAfter(position - 1);
        if (slot < _used && _order[slot].Position == position)
        {
            // The hole a removed entry left at this position (positions are never reused otherwise).
            // Its old cell stays as a tombstone that now points at the new label: harmless, as every probe compares
            // the label. A rename within a tree lands here, so this must not rebuild the table (O(n) per rename).
            if (_order[slot].Label is null) _holes--;
            _order[slot] = new Entry(position, label, child);
            Enter(slot);
            return;
        }
        if (_used == _order.Length)
        {
            Array.Resize(ref _order, _order.Length * 2);
            _table = new int[TableLength(_order.Length)];
            if (slot == _used) Rebuild();
        }
        var shifted = slot < _used;
        if (shifted) Array.Copy(_order, slot, _order, slot + 1, _used - slot);
        _order[slot] = new Entry(position, label, child);
        _used++;
        if (shifted) Rebuild();
        else Enter(slot);
    }

    /// <summary>Leaves a hole at <paramref name="slot"/>; squeezes the holes out once they are half the array.</summary>
    private void Vacate(int slot)
    {
        _order[slot].Label = null;
        _holes++;
        if (_holes * 2 < _used) return;
        var kept = 0;
        for (var i = 0; i < _used; i++)
        {
            if (_order[i].Label is not null) _order[kept++] = _order[i];
        }
        Array.Clear(_order, kept, _used - kept);
        _used = kept;
        _holes = 0;
        if (_order.Length > MinimumCapacity && _used < _order.Length / 4)
        {
            Array.Resize(ref _order, Math.Max(MinimumCapacity, _used * 2));
            _table = new int[TableLength(_order.Length)];
        }
        Rebuild();
    }

    /// <summary>The slot of the live entry labelled <paramref name="label"/>, or -1.</summary>
    private int SlotOf(string label)
    {
        var mask = _table.Length - 1;
        for (var i = label.GetHashCode() & mask; _table[i] != 0; i = (i + 1) & mask)
        {
            var slot = _table[i] - 1;
            if (string.Equals(_order[slot].Label, label, StringComparison.Ordinal)) return slot;
        }
        return -1;
    }

    /// <summary>
    /// Enters the live entry at <paramref name="slot"/> in the table, or rebuilds the table when the cell would make it
    /// more than three quarters occupied (tombstones count: they lengthen every probe until the next rebuild).
    /// </summary>
    private void Enter(int slot)
    {
        if ((_placed + 1) * 4 > _table.Length * 3) Rebuild();
        else Place(slot);
    }

    /// <summary>Enters the entry at <paramref name="slot"/> in the table.</summary>
    private void Place(int slot)
    {
        var mask = _table.Length - 1;
        var i = _order[slot].Label!.GetHashCode() & mask;
        while (_table[i] != 0) i = (i + 1) & mask;
        _table[i] = slot + 1;
        _placed++;
    }

    /// <summary>The table again from the live entries (tombstones dropped).</summary>
    private void Rebuild()
    {
        Array.Clear(_table);
        _placed = 0;
        for (var slot = 0; slot < _used; slot++)
        {
            if (_order[slot].Label is not null) Place(slot);
        }
    }

    /// <summary>The smallest power of two at least twice <paramref name="capacity"/>.</summary>
    private static int TableLength(int capacity) => (int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2);

    /// <summary>The first slot whose position is greater than <paramref name="position"/> (binary search).</summary>
    private int FirstAfter(long position)
    {
        int low = 0, high = _used;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_order[middle].Position <= position) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>One reference: its position, its label (null for a hole) and the node it names.</summary>
    private struct Entry(long position, string label, long child)
    {
        public readonly long Position = position;
        public string? Label = label;
        public readonly long Child = child;
    }
}

namespace Indra.FileSystem.Nodes;

/// <summary>
/// The references of one loaded tree: label → (position, child) plus the labels in position order, so that a listing
/// can resume after any position in O(log n) even while entries are added and removed (positions are never reused).
/// Callers serialize changes; listings take snapshots of small batches under the index's own lock.
/// </summary>
/// <remarks>
/// The position order is one array of (position, label) sorted by position: a new reference takes its tree's next
/// position, so adding is an append; a removed entry leaves a hole (label null) that is squeezed out once holes are
/// half the array. About 16 bytes per entry beside the label dictionary, where a sorted set and a second dictionary
/// cost about 70 (issue 15: bytes per cached inode).
/// </remarks>
internal sealed class DirectoryIndex
{
    private const int Batch = 256;
    private const int MinimumCapacity = 4;
    private readonly Dictionary<string, (long Position, long Child)> _byLabel = new(StringComparer.Ordinal);
    private (long Position, string? Label)[] _order = [];
    private int _used;
    private int _holes;

    public int Count => _byLabel.Count;

    public bool TryGet(string label, out long child)
    {
        if (_byLabel.TryGetValue(label, out var entry))
        {
            child = entry.Child;
            return true;
        }
        child = 0;
        return false;
    }

    /// <summary>
    /// Like <see cref="TryGet(string, out long)"/>, and gives the index's own copy of the label, which a loaded node
    /// keeps as its name instead of a second copy of the same text.
    /// </summary>
    public bool TryGet(string label, out long child, out string stored)
    {
        stored = label;
        if (!_byLabel.TryGetValue(label, out var entry))
        {
            child = 0;
            return false;
        }
        child = entry.Child;
        lock (this)
        {
            var slot = Find(entry.Position);
            if (slot >= 0 && _order[slot].Label is { } kept) stored = kept;
        }
        return true;
    }

    public bool TryGetPosition(string label, out long position)
    {
        var found = _byLabel.TryGetValue(label, out var entry);
        position = entry.Position;
        return found;
    }

    public void Add(string label, long position, long child)
    {
        lock (this)
        {
            if (_byLabel.Remove(label, out var old)) Vacate(old.Position);
            _byLabel[label] = (position, child);
            Insert(position, label);
        }
    }

    public void Remove(string label)
    {
        lock (this)
        {
            if (!_byLabel.Remove(label, out var entry)) return;
            Vacate(entry.Position);
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
                    var (position, label) = _order[slot];
                    if (label is null) continue;
                    batch.Add((position, label, _byLabel[label].Child));
                }
            }
            if (batch.Count == 0) yield break;
            foreach (var item in batch) yield return item;
            cursor = batch[^1].Item1;
        }
    }

    /// <summary>Puts (position, label) in order: an append for a new position, a shift for an older one (an exchange).</summary>
    private void Insert(long position, string label)
    {
        var slot = _used == 0 || _order[_used - 1].Position < position ? _used : FirstAfter(position - 1);
        if (slot < _used && _order[slot].Position == position)
        {
            if (_order[slot].Label is null) _holes--;
            _order[slot].Label = label;
            return;
        }
        if (_used == _order.Length) Array.Resize(ref _order, Math.Max(MinimumCapacity, _order.Length * 2));
        if (slot < _used) Array.Copy(_order, slot, _order, slot + 1, _used - slot);
        _order[slot] = (position, label);
        _used++;
    }

    /// <summary>Leaves a hole where <paramref name="position"/> was; squeezes the holes out once they are half the array.</summary>
    private void Vacate(long position)
    {
        var slot = Find(position);
        if (slot < 0 || _order[slot].Label is null) return;
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
        if (_order.Length > MinimumCapacity && _used < _order.Length / 4) Array.Resize(ref _order, Math.Max(MinimumCapacity, _used * 2));
    }

    /// <summary>The slot holding <paramref name="position"/>, or -1.</summary>
    private int Find(long position)
    {
        var slot = FirstAfter(position - 1);
        return slot < _used && _order[slot].Position == position ? slot : -1;
    }

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
}

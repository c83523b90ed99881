namespace Indra.FileSystem.Nodes;

/// <summary>
/// The references of one loaded tree: label → (position, child) plus the positions in order, so that a listing can
/// resume after any position in O(log n) even while entries are added and removed (positions are never reused).
/// Callers serialize changes; listings take snapshots of small batches under the index's own lock.
/// </summary>
internal sealed class DirectoryIndex
{
    private const int Batch = 256;
    private readonly Dictionary<string, (long Position, long Child)> _byLabel = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _labels = new();
    private readonly SortedSet<long> _positions = new();

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
            if (_byLabel.Remove(label, out var old))
            {
                _positions.Remove(old.Position);
                _labels.Remove(old.Position);
            }
            _byLabel[label] = (position, child);
            _labels[position] = label;
            _positions.Add(position);
        }
    }

    public void Remove(string label)
    {
        lock (this)
        {
            if (!_byLabel.Remove(label, out var entry)) return;
            _positions.Remove(entry.Position);
            _labels.Remove(entry.Position);
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
                if (_positions.Count == 0 || cursor >= _positions.Max) yield break;
                foreach (var position in _positions.GetViewBetween(cursor + 1, long.MaxValue))
                {
                    var label = _labels[position];
                    batch.Add((position, label, _byLabel[label].Child));
                    if (batch.Count == Batch) break;
                }
            }
            if (batch.Count == 0) yield break;
            foreach (var item in batch) yield return item;
            cursor = batch[^1].Item1;
        }
    }
}

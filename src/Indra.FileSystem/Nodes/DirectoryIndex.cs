namespace Indra.FileSystem.Nodes;

/// <summary>
/// The references of one loaded tree: label → (position, child) plus the positions in order, so that a listing can
/// resume after any position even while entries are added and removed (positions are never reused).
/// </summary>
internal sealed class DirectoryIndex
{
    private readonly Dictionary<string, (long Position, long Child)> _byLabel = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, string> _byPosition = new();

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
        _byLabel[label] = (position, child);
        _byPosition[position] = label;
    }

    public void Remove(string label)
    {
        if (_byLabel.Remove(label, out var entry)) _byPosition.Remove(entry.Position);
    }

    /// <summary>Entries with a position greater than <paramref name="after"/>, in order. Snapshot-safe against later changes.</summary>
    public IEnumerable<(long Position, string Label, long Child)> After(long after)
    {
        var batch = new List<(long, string, long)>(64);
        var cursor = after;
        while (true)
        {
            batch.Clear();
            lock (this)
            {
                foreach (var pair in _byPosition)
                {
                    if (pair.Key <= cursor) continue;
                    batch.Add((pair.Key, pair.Value, _byLabel[pair.Value].Child));
                    if (batch.Count == 64) break;
                }
            }
            if (batch.Count == 0) yield break;
            foreach (var item in batch) yield return item;
            cursor = batch[^1].Item1;
        }
    }
}

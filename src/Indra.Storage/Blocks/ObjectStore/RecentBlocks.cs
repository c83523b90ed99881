using Indra.Hashing;

namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// The last whole blocks fetched from the object store, in memory, bounded in bytes (least recently used leave first):
/// a file read in 128 KiB pieces fetches each block once, not once per piece. Thread-safe.
/// </summary>
internal sealed class RecentBlocks(long capacity)
{
    private readonly Dictionary<Blake3Hash, LinkedListNode<(Blake3Hash Hash, byte[] Bytes)>> _index = new();
    private readonly LinkedList<(Blake3Hash Hash, byte[] Bytes)> _order = new();
    private long _bytes;

    /// <summary>The block's bytes when held (and marks it recently used).</summary>
    public bool TryGet(Blake3Hash hash, out byte[] bytes)
    {
        lock (_index)
        {
            if (_index.TryGetValue(hash, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                bytes = node.Value.Bytes;
                return true;
            }
        }
        bytes = [];
        return false;
    }

    /// <summary>Holds <paramref name="bytes"/> as block <paramref name="hash"/>, dropping the least recently used beyond the capacity.</summary>
    public void Add(Blake3Hash hash, byte[] bytes)
    {
        if (bytes.Length > capacity) return;
        lock (_index)
        {
            if (_index.ContainsKey(hash)) return;
            _index[hash] = _order.AddFirst((hash, bytes));
            _bytes += bytes.Length;
            while (_bytes > capacity && _order.Last is { } last)
            {
                _order.RemoveLast();
                _index.Remove(last.Value.Hash);
                _bytes -= last.Value.Bytes.Length;
            }
        }
    }

    /// <summary>Forgets block <paramref name="hash"/>.</summary>
    public void Remove(Blake3Hash hash)
    {
        lock (_index)
        {
            if (!_index.Remove(hash, out var node)) return;
            _order.Remove(node);
            _bytes -= node.Value.Bytes.Length;
        }
    }
}

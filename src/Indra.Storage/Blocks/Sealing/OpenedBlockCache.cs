using Indra.Hashing;

namespace Indra.Storage.Blocks.Sealing;

/// <summary>
/// The plain bytes of the blocks opened last, bounded in bytes (least recently used out first), so that a reader
/// taking a block in several pieces (FUSE reads of 128 KiB from a 1 MiB block) decrypts and authenticates it once.
/// Thread-safe.
/// </summary>
internal sealed class OpenedBlockCache(long capacityBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Blake3Hash, LinkedListNode<(Blake3Hash Hash, byte[] Plain)>> _entries = [];
    private readonly LinkedList<(Blake3Hash Hash, byte[] Plain)> _order = new();
    private long _bytes;

    /// <summary>Most bytes of plain blocks held.</summary>
    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>The plain bytes of block <paramref name="hash"/> when held (it becomes the most recently used).</summary>
    public byte[]? Get(Blake3Hash hash)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(hash, out var node)) return null;
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Plain;
        }
    }

    /// <summary>Holds <paramref name="plain"/> as block <paramref name="hash"/>'s bytes (not kept when larger than the capacity).</summary>
    public void Add(Blake3Hash hash, byte[] plain)
    {
        if (plain.Length > CapacityBytes) return;
        lock (_gate)
        {
            if (_entries.ContainsKey(hash)) return;
            while (_bytes + plain.Length > CapacityBytes && _order.Last is { } oldest) Drop(oldest);
            _entries[hash] = _order.AddFirst((hash, plain));
            _bytes += plain.Length;
        }
    }

    /// <summary>Forgets block <paramref name="hash"/> (deleted from the store).</summary>
    public void Remove(Blake3Hash hash)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out var node)) Drop(node);
        }
    }

    private void Drop(LinkedListNode<(Blake3Hash Hash, byte[] Plain)> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Hash);
        _bytes -= node.Value.Plain.Length;
    }
}

using System.Collections.Concurrent;
using Indra.Hashing;

namespace Indra.Storage.Blocks;

/// <summary>An in-memory block store for tests and throwaway vaults.</summary>
internal sealed class MemoryBlockStore : IBlockStore
{
    private readonly ConcurrentDictionary<Blake3Hash, byte[]> _blocks = new();

    /// <inheritdoc/>
    public bool Contains(Blake3Hash hash) => _blocks.ContainsKey(hash);

    /// <inheritdoc/>
    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable) => _blocks.TryAdd(hash, data.ToArray());

    /// <inheritdoc/>
    public int Read(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        if (!_blocks.TryGetValue(hash, out var data)) throw new BlockMissingException(hash);
        if (offset >= data.Length) return 0;
        var n = (int)Math.Min(buffer.Length, data.Length - offset);
        data.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }

    /// <inheritdoc/>
    public long SizeOf(Blake3Hash hash) => _blocks.TryGetValue(hash, out var data) ? data.Length : -1;

    /// <inheritdoc/>
    public void Sync(Blake3Hash hash)
    {
    }

    /// <inheritdoc/>
    public void Delete(Blake3Hash hash) => _blocks.TryRemove(hash, out _);

    /// <inheritdoc/>
    public IEnumerable<Blake3Hash> Enumerate() => _blocks.Keys.ToArray();

    /// <summary>Test hook: replaces a stored block's bytes without changing its name (simulates corruption on disk).</summary>
    public void Corrupt(Blake3Hash hash, byte[] bytes) => _blocks[hash] = bytes;
}

using System.Collections.Concurrent;
using Indra.Hashing;

namespace Indra.Engine.Content;

/// <summary>
/// Chaining values of holes: runs of zero bytes that no block stores. BLAKE3 mixes each chunk's position (its chunk
/// counter) into its hash, so zeros at different offsets hash differently and a hole costs hashing time in
/// proportion to its length (BLAKE3 spec §2.4-2.5; reference/blake3.md §4). Any aligned run of 2^k chunks that lies
/// inside a file and is not the whole file is a complete subtree of the file's tree, so a hole is split into aligned
/// power-of-two runs of blocks whose chaining values are computed once and remembered: a later save of the same
/// sparse file (or of another file with holes at the same offsets) reuses them. Runs of at least
/// <see cref="CachedBytes"/> are remembered, up to <see cref="CacheLimit"/> of them. Thread-safe.
/// </summary>
public sealed class ZeroSubtrees
{
    /// <summary>Smallest run, in bytes, whose chaining value is remembered.</summary>
    public const long CachedBytes = 256L << 20;

    /// <summary>Most remembered runs (about 100 bytes each: enough for every run of the largest file); the cache starts over beyond it.</summary>
    public const int CacheLimit = 1 << 18;

    private readonly int _blockSize;
    private readonly byte[] _zeroBlock;
    private readonly EngineCounters _counters;
    private readonly ConcurrentDictionary<(long First, long Blocks), ChainingValue> _cache = new();

    /// <summary>Creates the cache for one vault's block size.</summary>
    /// <param name="blockSize">Block size in bytes: a power of two of at least 1024.</param>
    /// <param name="counters">Where hashed bytes are counted.</param>
    public ZeroSubtrees(int blockSize, EngineCounters counters)
    {
        _blockSize = blockSize;
        _zeroBlock = new byte[blockSize];
        _counters = counters;
    }

    /// <summary>
    /// Calls <paramref name="piece"/> for each aligned power-of-two run of blocks that together make up blocks
    /// [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>), in order: the subtrees a
    /// BLAKE3 hasher takes for that range.
    /// </summary>
    public static void Split(long first, long count, Action<long, long> piece)
    {
        while (count > 0)
        {
            var size = first == 0 ? 1L << (63 - (int)long.LeadingZeroCount(count)) : first & -first;
            while (size > count) size >>= 1;
            piece(first, size);
            first += size;
            count -= size;
        }
    }

    /// <summary>
    /// The non-root chaining value of <paramref name="blocks"/> zero blocks starting at block <paramref name="first"/>.
    /// </summary>
    /// <param name="first">First block index: a multiple of <paramref name="blocks"/>.</param>
    /// <param name="blocks">Run length in blocks: a power of two.</param>
    /// <param name="cancel">Checked between blocks: a hole of terabytes takes hours to hash.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public ChainingValue Of(long first, long blocks, CancellationToken cancel = default)
    {
        if (_cache.TryGetValue((first, blocks), out var known)) return known;
        ChainingValue cv;
        if (blocks == 1)
        {
            cancel.ThrowIfCancellationRequested();
            cv = Blake3Subtree.ComputeChainingValue(_zeroBlock, (ulong)first * (ulong)(_blockSize / 1024));
            _counters.Hashed(_blockSize);
        }
        else
        {
            var half = blocks / 2;
            cv = Blake3Subtree.ParentChainingValue(Of(first, half, cancel), Of(first + half, half, cancel));
        }
        if (blocks * _blockSize >= CachedBytes)
        {
            if (_cache.Count >= CacheLimit) _cache.Clear();
            _cache[(first, blocks)] = cv;
        }
        return cv;
    }

    /// <summary>
    /// Bytes that hashing blocks [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of
    /// zeros would still cost, counted up to <paramref name="limit"/> (the answer is then at least the limit).
    /// </summary>
    public long UncachedBytes(long first, long count, long limit)
    {
        long total = 0;
        Split(first, count, (start, blocks) =>
        {
            if (total < limit) total += Uncached(start, blocks, limit - total);
        });
        return total;
    }

    private long Uncached(long first, long blocks, long limit)
    {
        var bytes = blocks * _blockSize;
        if (bytes < CachedBytes) return bytes;
        if (_cache.ContainsKey((first, blocks))) return 0;
        var half = blocks / 2;
        var left = Uncached(first, half, limit);
        return left >= limit ? left : left + Uncached(first + half, half, limit - left);
    }

    /// <summary>Adds the hole of blocks [<paramref name="first"/>, + <paramref name="count"/>) to <paramref name="hasher"/>.</summary>
    public void Append(Blake3Hasher hasher, long first, long count, CancellationToken cancel = default)
    {
        var chunksPerBlock = (ulong)(_blockSize / 1024);
        Split(first, count, (start, blocks) => hasher.AppendSubtree(Of(start, blocks, cancel), (ulong)blocks * chunksPerBlock));
    }

    /// <summary>Feeds <paramref name="length"/> zero bytes (at most one block) to <paramref name="hasher"/>.</summary>
    public void AppendBytes(Blake3Hasher hasher, int length) => hasher.Update(_zeroBlock.AsSpan(0, length));
}

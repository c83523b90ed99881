using System.Collections.Concurrent;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.State;

namespace Indra.Sharing.Server;

/// <summary>
/// The holes of a sparse file as they travel to peers: each hole block is described as a block of zeros, named by
/// the BLAKE3 hash of that many zero bytes like any other block, and served from memory (it is not stored). A peer
/// therefore receives a dense block list and checks the file's id exactly as for any other file.
/// </summary>
internal static class ZeroBlocks
{
    private static readonly ConcurrentDictionary<int, BlockHash> HashBySize = new();
    private static readonly ConcurrentDictionary<BlockHash, int> SizeByHash = new();

    /// <summary>The block of <paramref name="size"/> zero bytes (at most a block).</summary>
    public static BlockRef Of(int size)
    {
        var hash = HashBySize.GetOrAdd(size, length => new BlockHash(Blake3.Hash(new byte[length])));
        SizeByHash.TryAdd(hash, size);
        return new BlockRef(hash, size);
    }

    /// <summary>True when <paramref name="hash"/> names a block of zeros handed out by <see cref="Of"/>; its size in bytes.</summary>
    public static bool TryGetSize(BlockHash hash, out int size) => SizeByHash.TryGetValue(hash, out size);
}

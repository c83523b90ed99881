using Indra.Engine.Content;
using Indra.Hashing;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>Recomputes a file's id (the BLAKE3 of its whole content) from its stored blocks.</summary>
internal static class LeafVerifier
{
    /// <summary>BLAKE3 of the concatenated blocks.</summary>
    /// <exception cref="MissingBlockException">A block is not stored.</exception>
    internal static Blake3Hash Hash(ContentBlocks store, IReadOnlyList<BlockRef> blocks)
    {
        var hasher = new Blake3Hasher();
        var buffer = new byte[blocks.Count == 0 ? 0 : blocks.Max(b => b.Size)];
        foreach (var block in blocks)
        {
            var span = buffer.AsSpan(0, block.Size);
            if (store.Read(block.Hash, 0, span) != block.Size) throw new IOException($"block {block.Hash} is shorter than recorded");
            hasher.Update(span);
        }
        return hasher.Finalize();
    }
}

namespace Indra.Hashing;

/// <summary>
/// One pass over the first block of a file that yields both values the vault needs from it: the plain BLAKE3 hash of
/// the block on its own (its name as a block, and the file id when the file is that one block) and its non-root
/// chaining value at chunk 0 (the file id's input when more blocks follow). The two share every compression but the
/// last: the top node of a block at offset 0 is the same parent node either way, finished without ROOT for the
/// chaining value and with ROOT for the hash (paper §2.5, §2.6).
/// </summary>
public static class Blake3FirstBlock
{
    /// <summary>The plain hash and the chunk-0 chaining value of <paramref name="block"/>, hashing its bytes once.</summary>
    /// <param name="block">The block's bytes: a power-of-two multiple of 1024 bytes (the block at offset 0 of a file).</param>
    /// <param name="chainingValue">Receives the block's non-root chaining value at chunk counter 0; equal to
    /// <see cref="Blake3Subtree.ComputeChainingValue(ReadOnlySpan{byte}, ulong)"/> with counter 0.</param>
    /// <returns>The block's plain BLAKE3 hash; equal to <see cref="Blake3.Hash(ReadOnlySpan{byte})"/> of it.</returns>
    /// <exception cref="ArgumentException"><paramref name="block"/>'s length is not a power-of-two multiple of 1024.</exception>
    public static unsafe Blake3Hash Hash(ReadOnlySpan<byte> block, out ChainingValue chainingValue)
    {
        if (block.Length < Blake3Constants.ChunkLen || !System.Numerics.BitOperations.IsPow2(block.Length))
        {
            throw new ArgumentException(
                $"A block must be a power-of-two multiple of 1024 bytes (1 KiB, 2 KiB, 4 KiB, ...); got {block.Length} bytes.", nameof(block));
        }

        if (block.Length == Blake3Constants.ChunkLen)
        {
            // One chunk: its top node is the chunk itself, which the tree code does not split; hash it twice (1 KiB).
            chainingValue = Blake3Subtree.ComputeChainingValue(block, 0);
            return Blake3.Hash(block);
        }

        uint* key = stackalloc uint[8];
        Blake3Constants.WriteIV(new Span<uint>(key, 8));
        byte* children = stackalloc byte[2 * ChainingValue.Size];
        fixed (byte* input = block)
        {
            Blake3ParallelTree.SubtreeChildren(input, (ulong)block.Length, 0, key, 0, 1, children);
        }

        var top = OutputState.Parent(children, key, 0);
        byte* cv = stackalloc byte[ChainingValue.Size];
        top.ChainingValue(cv);
        chainingValue = new ChainingValue(new ReadOnlySpan<byte>(cv, ChainingValue.Size));
        Span<byte> root = stackalloc byte[Blake3Hash.Size];
        top.RootBytes(0, root);
        return new Blake3Hash(root);
    }
}

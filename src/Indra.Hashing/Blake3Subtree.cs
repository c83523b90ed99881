using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Indra.Hashing;

/// <summary>
/// Building the plain BLAKE3 hash of a large file from cached per-block chaining values (blake3.md §4; paper §6.5
/// "Incremental Updates"). A file is stored in blocks of S = 2^k chunks (S bytes = 1024 · 2^k). Each FULL block is a
/// complete node of the BLAKE3 tree, so its non-root chaining value can be cached; after an in-place edit only the
/// edited block is re-hashed and the root is rebuilt from the cached values with N - 1 parent compressions.
/// All values here are for the plain hash mode (no key).
/// </summary>
public static class Blake3Subtree
{
    /// <summary>
    /// The non-root chaining value of a complete block (subtree) of the file, hashed on one thread. Equivalent to
    /// <see cref="ComputeChainingValue(ReadOnlySpan{byte}, ulong, int)"/> with 1.
    /// </summary>
    /// <param name="block">The block's bytes: a power-of-two multiple of 1024 bytes.</param>
    /// <param name="firstChunkCounter">The absolute index of the block's first 1024-byte chunk in the file
    /// (byte offset / 1024): a multiple of <c>block.Length / 1024</c>.</param>
    /// <returns>The block's chaining value.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="block"/>'s length is not a power-of-two multiple of 1024, or <paramref name="firstChunkCounter"/>
    /// is not a multiple of its chunk count.
    /// </exception>
    public static ChainingValue ComputeChainingValue(ReadOnlySpan<byte> block, ulong firstChunkCounter) =>
        ComputeChainingValue(block, firstChunkCounter, 1);

    /// <summary>
    /// The non-root chaining value of a complete block (subtree) of the file (blake3.md §4.2 step 1; the hazmat
    /// <c>set_input_offset</c> + <c>finalize_non_root</c>): every chunk uses its absolute chunk counter, the chunks are
    /// merged with the normal tree rule, and the top node is compressed without ROOT. Never use the result as a hash.
    /// </summary>
    /// <param name="block">The block's bytes: a power-of-two multiple of 1024 bytes.</param>
    /// <param name="firstChunkCounter">The absolute index of the block's first 1024-byte chunk in the file
    /// (byte offset / 1024): a multiple of <c>block.Length / 1024</c>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 for <see cref="Environment.ProcessorCount"/>, 1 for one thread.</param>
    /// <returns>The block's chaining value.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="block"/>'s length is not a power-of-two multiple of 1024, or <paramref name="firstChunkCounter"/>
    /// is not a multiple of its chunk count.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
    public static unsafe ChainingValue ComputeChainingValue(ReadOnlySpan<byte> block, ulong firstChunkCounter, int maxDegreeOfParallelism)
    {
        if (block.Length < Blake3Constants.ChunkLen || !BitOperations.IsPow2(block.Length))
        {
            throw new ArgumentException(
                $"A block must be a power-of-two multiple of 1024 bytes (1 KiB, 2 KiB, 4 KiB, ...); got {block.Length} bytes.", nameof(block));
        }

        ulong chunks = (ulong)block.Length / Blake3Constants.ChunkLen;
        if (firstChunkCounter % chunks != 0)
        {
            throw new ArgumentException(
                $"A block of {chunks} chunks must start at a chunk index that is a multiple of {chunks}; got {firstChunkCounter}.",
                nameof(firstChunkCounter));
        }

        int degree = Blake3.ResolveDegree(maxDegreeOfParallelism);
        uint* key = stackalloc uint[8];
        Blake3Constants.WriteIV(new Span<uint>(key, 8));
        byte* cv = stackalloc byte[ChainingValue.Size];
        fixed (byte* input = block)
        {
            Blake3ParallelTree.SubtreeCv(input, (ulong)block.Length, firstChunkCounter, key, 0, degree, cv);
        }

        return new ChainingValue(new ReadOnlySpan<byte>(cv, ChainingValue.Size));
    }

    /// <summary>
    /// The plain BLAKE3 hash of a whole file made of N = <c>fullBlockCvs.Length</c> full blocks of
    /// <paramref name="blockSize"/> bytes (block i starting at chunk i · blockSize / 1024, with chaining value
    /// <c>fullBlockCvs[i]</c>) followed by <paramref name="tail"/>. Equals <see cref="Blake3.Hash(ReadOnlySpan{byte})"/>
    /// of the file's bytes (blake3.md §4.2 step 2): the tail's chaining value is computed at its position, then the
    /// block-level values are merged with the tree rule and the top node gets ROOT. Cost: the tail's bytes plus
    /// N - 1 parent compressions (SIMD).
    /// </summary>
    /// <param name="fullBlockCvs">The cached chaining values of the full blocks, in file order.</param>
    /// <param name="blockSize">Block size in bytes: a power-of-two multiple of 1024.</param>
    /// <param name="tail">The bytes after the last full block: 0 ≤ length &lt; <paramref name="blockSize"/>.</param>
    /// <returns>The hash of the whole file.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="blockSize"/> is not a power-of-two multiple of 1024; <paramref name="tail"/> is not shorter than
    /// <paramref name="blockSize"/>; or the file is exactly one full block (N = 1, empty tail), whose hash needs the
    /// ROOT flag inside the block and so cannot come from its chaining value: hash its bytes with
    /// <see cref="Blake3.Hash(ReadOnlySpan{byte})"/> instead.
    /// </exception>
    public static unsafe Blake3Hash RootHash(ReadOnlySpan<ChainingValue> fullBlockCvs, int blockSize, ReadOnlySpan<byte> tail)
    {
        if (blockSize < Blake3Constants.ChunkLen || !BitOperations.IsPow2(blockSize))
        {
            throw new ArgumentException(
                $"The block size must be a power-of-two multiple of 1024 bytes; got {blockSize}.", nameof(blockSize));
        }

        if (tail.Length >= blockSize)
        {
            throw new ArgumentException(
                $"The tail must be shorter than one block ({blockSize} bytes); got {tail.Length} bytes. Pass full blocks as chaining values.",
                nameof(tail));
        }

        int n = fullBlockCvs.Length;
        if (n == 0)
        {
            return Blake3.Hash(tail);
        }

        if (n == 1 && tail.IsEmpty)
        {
            throw new ArgumentException(
                "A file that is exactly one full block cannot be hashed from the block's chaining value: the ROOT flag belongs inside the block. Hash the block's bytes instead.",
                nameof(fullBlockCvs));
        }

        int count = n + (tail.IsEmpty ? 0 : 1);
        int bytes = count * ChainingValue.Size;
        byte[]? rented = null;
        Span<byte> cvs = bytes <= 4096 ? stackalloc byte[bytes] : (rented = ArrayPool<byte>.Shared.Rent(bytes)).AsSpan(0, bytes);
        try
        {
            MemoryMarshal.AsBytes(fullBlockCvs).CopyTo(cvs);
            uint* key = stackalloc uint[8];
            Blake3Constants.WriteIV(new Span<uint>(key, 8));
            Span<byte> output = stackalloc byte[Blake3Hash.Size];
            fixed (byte* c = cvs)
            {
                if (!tail.IsEmpty)
                {
                    ulong tailCounter = (ulong)n * (ulong)(blockSize / Blake3Constants.ChunkLen);
                    fixed (byte* t = tail)
                    {
                        Blake3Tree.SubtreeCv(t, (ulong)tail.Length, tailCounter, key, 0, c + (n * ChainingValue.Size));
                    }
                }

                Blake3Tree.ReduceToTwo(c, count, key, 0);
                OutputState.Parent(c, key, 0).RootBytes(0, output);
            }

            return new Blake3Hash(output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The non-root chaining value of the parent of two sibling subtrees (paper §2.5; hazmat
    /// <c>merge_subtrees_non_root</c>), for callers that cache interior nodes above block level (blake3.md §4.2
    /// step 4). The caller is responsible for the siblings forming a valid node: the left one is a complete
    /// power-of-two subtree at least as large as the right one.
    /// </summary>
    /// <param name="left">The left child's chaining value.</param>
    /// <param name="right">The right child's chaining value.</param>
    /// <returns>The parent's chaining value.</returns>
    public static unsafe ChainingValue ParentChainingValue(ChainingValue left, ChainingValue right)
    {
        byte* children = stackalloc byte[2 * ChainingValue.Size];
        left.CopyTo(new Span<byte>(children, ChainingValue.Size));
        right.CopyTo(new Span<byte>(children + ChainingValue.Size, ChainingValue.Size));
        uint* key = stackalloc uint[8];
        Blake3Constants.WriteIV(new Span<uint>(key, 8));
        Blake3Tree.HashParent(children, key, 0, children);
        return new ChainingValue(new ReadOnlySpan<byte>(children, ChainingValue.Size));
    }
}

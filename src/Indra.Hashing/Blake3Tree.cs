using System.Numerics;

namespace Indra.Hashing;

/// <summary>
/// Serial hashing of whole (sub)trees held in memory (paper §2.1 tree shape, §5.3 "hash many"): leaves are groups of
/// up to <see cref="LeafChunks"/> chunks hashed with the lane-wise kernels, whose chaining values are then merged level
/// by level, also with the kernels; above the leaves the input is split at the left-subtree length.
/// </summary>
internal static unsafe class Blake3Tree
{
    /// <summary>Chunks per leaf group; a power of two. Its chaining values (2 KiB) live on the stack.</summary>
    public const int LeafChunks = 64;

    private const ulong LeafBytes = (ulong)LeafChunks * Blake3Constants.ChunkLen;

    /// <summary>
    /// Bytes in the left subtree of an input of <paramref name="length"/> &gt; 1024 bytes: the largest power of two
    /// number of whole chunks strictly less than the input (paper §2.1; the hazmat <c>left_subtree_len</c>).
    /// </summary>
    public static ulong LeftSubtreeLength(ulong length)
    {
        ulong fullChunks = (length - 1) / Blake3Constants.ChunkLen;
        return LargestPowerOfTwoAtMost(fullChunks) * Blake3Constants.ChunkLen;
    }

    /// <summary>The largest power of two ≤ <paramref name="value"/> (value ≥ 1).</summary>
    public static ulong LargestPowerOfTwoAtMost(ulong value) => 1UL << (63 - BitOperations.LeadingZeroCount(value));

    /// <summary>
    /// Writes the non-root chaining value (32 bytes) of the subtree covering <paramref name="length"/> ≥ 1 bytes
    /// that starts at chunk <paramref name="counter"/>. The caller guarantees the subtree is a valid tree node:
    /// <paramref name="counter"/> is a multiple of the largest power of two ≤ its chunk count.
    /// </summary>
    public static void SubtreeCv(byte* input, ulong length, ulong counter, uint* key, uint flags, byte* cvOut)
    {
        if (length <= LeafBytes)
        {
            byte* cvs = stackalloc byte[LeafChunks * Blake3Constants.OutLen];
            int n = HashChunks(input, (int)length, counter, key, flags, cvs);
            if (n == 1)
            {
                new ReadOnlySpan<byte>(cvs, Blake3Constants.OutLen).CopyTo(new Span<byte>(cvOut, Blake3Constants.OutLen));
                return;
            }

            ReduceToTwo(cvs, n, key, flags);
            HashParent(cvs, key, flags, cvOut);
            return;
        }

        ulong left = LeftSubtreeLength(length);
        byte* pair = stackalloc byte[2 * Blake3Constants.OutLen];
        SubtreeCv(input, left, counter, key, flags, pair);
        SubtreeCv(input + left, length - left, counter + (left / Blake3Constants.ChunkLen), key, flags, pair + Blake3Constants.OutLen);
        HashParent(pair, key, flags, cvOut);
    }

    /// <summary>
    /// The root node of the whole input (paper §2.1): the single chunk if the input is at most 1024 bytes, otherwise
    /// the parent of the left and right subtrees. ROOT is applied when its output is read.
    /// </summary>
    public static OutputState RootOutput(byte* input, ulong length, uint* key, uint flags)
    {
        if (length <= Blake3Constants.ChunkLen)
        {
            ChunkState chunk = new(new ReadOnlySpan<uint>(key, 8), 0, flags);
            chunk.Update(new ReadOnlySpan<byte>(input, (int)length));
            return chunk.Output();
        }

        if (length <= LeafBytes)
        {
            byte* cvs = stackalloc byte[LeafChunks * Blake3Constants.OutLen];
            int n = HashChunks(input, (int)length, 0, key, flags, cvs);
            ReduceToTwo(cvs, n, key, flags);
            return OutputState.Parent(cvs, key, flags);
        }

        ulong left = LeftSubtreeLength(length);
        byte* pair = stackalloc byte[2 * Blake3Constants.OutLen];
        SubtreeCv(input, left, 0, key, flags, pair);
        SubtreeCv(input + left, length - left, left / Blake3Constants.ChunkLen, key, flags, pair + Blake3Constants.OutLen);
        return OutputState.Parent(pair, key, flags);
    }

    /// <summary>
    /// Hashes the chunks of <paramref name="length"/> ≥ 1 bytes starting at chunk <paramref name="counter"/> to
    /// non-root chunk chaining values at <paramref name="cvs"/> (32 bytes each); returns how many were written.
    /// </summary>
    public static int HashChunks(byte* input, int length, ulong counter, uint* key, uint flags, byte* cvs)
    {
        int full = length / Blake3Constants.ChunkLen;
        int rest = length % Blake3Constants.ChunkLen;
        Blake3HashMany.Hash(input, (nuint)full, Blake3Constants.ChunkLen / Blake3Constants.BlockLen, key, counter, true,
            flags, Blake3Flags.ChunkStart, Blake3Flags.ChunkEnd, cvs);
        if (rest == 0)
        {
            return full;
        }

        ChunkState last = new(new ReadOnlySpan<uint>(key, 8), counter + (ulong)full, flags);
        last.Update(new ReadOnlySpan<byte>(input + ((nuint)full * Blake3Constants.ChunkLen), rest));
        last.Output().ChainingValue(cvs + (full * Blake3Constants.OutLen));
        return full + 1;
    }

    /// <summary>
    /// Merges <paramref name="count"/> ≥ 2 adjacent sibling-level chaining values in place, level by level (pairs
    /// left to right, an odd last one moves up unchanged), until exactly two remain at <paramref name="cvs"/>. Pairing
    /// level by level builds exactly the left-balanced BLAKE3 tree over the sequence (paper §2.1), and each level's
    /// parents are compressed with the lane-wise kernels.
    /// </summary>
    public static void ReduceToTwo(byte* cvs, int count, uint* key, uint flags)
    {
        while (count > 2)
        {
            int pairs = count / 2;
            Blake3HashMany.Hash(cvs, (nuint)pairs, 1, key, 0, false, flags | Blake3Flags.Parent, 0, 0, cvs);
            if ((count & 1) != 0)
            {
                new ReadOnlySpan<byte>(cvs + ((count - 1) * Blake3Constants.OutLen), Blake3Constants.OutLen)
                    .CopyTo(new Span<byte>(cvs + (pairs * Blake3Constants.OutLen), Blake3Constants.OutLen));
            }

            count = pairs + (count & 1);
        }
    }

    /// <summary>Writes the non-root parent chaining value of the 64 bytes left ‖ right at <paramref name="children"/>.</summary>
    public static void HashParent(byte* children, uint* key, uint flags, byte* cvOut) =>
        Blake3HashMany.Hash(children, 1, 1, key, 0, false, flags | Blake3Flags.Parent, 0, 0, cvOut);
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Indra.Hashing;

/// <summary>
/// Portable single-block BLAKE3 compression function (paper §2.2), one state at a time.
/// Used for partial chunks, the chunk state of the incremental hasher, root/XOF output and CPUs without SIMD.
/// </summary>
internal static class Blake3CompressScalar
{
    /// <summary>
    /// Compresses one block and overwrites <paramref name="cv"/> (8 words) with the truncated output, the new chaining value.
    /// <paramref name="block"/> may alias the memory after <paramref name="cv"/>: all input is read before any output is written.
    /// </summary>
    /// <param name="cv">First of 8 chaining-value words, read then overwritten.</param>
    /// <param name="block">First of 64 message bytes (zero-padded by the caller).</param>
    /// <param name="blockLen">Number of real input bytes in the block, 0..64.</param>
    /// <param name="counter">The 64-bit counter t.</param>
    /// <param name="flags">The domain flags d.</param>
    public static void CompressInPlace(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags) =>
        Compress(ref cv, ref block, blockLen, counter, flags, ref cv, full: false);

    /// <summary>
    /// Compresses <paramref name="count"/> full 64-byte blocks of one chunk in sequence (all but the chunk's last),
    /// updating <paramref name="cv"/> after each: the first block gets <paramref name="flags"/> |
    /// <paramref name="firstFlags"/> (CHUNK_START when it begins the chunk), the others <paramref name="flags"/>.
    /// </summary>
    /// <param name="cv">First of 8 chaining-value words, read then overwritten.</param>
    /// <param name="blocks">First of <c>64 * count</c> message bytes.</param>
    /// <param name="count">Number of blocks.</param>
    /// <param name="counter">The chunk counter t.</param>
    /// <param name="flags">The domain flags of every block.</param>
    /// <param name="firstFlags">Extra flags of the first block.</param>
    public static void CompressBlocks(ref uint cv, ref byte blocks, int count, ulong counter, uint flags, uint firstFlags)
    {
        for (int b = 0; b < count; b++)
        {
            CompressInPlace(ref cv, ref Unsafe.Add(ref blocks, b * Blake3Constants.BlockLen), Blake3Constants.BlockLen, counter,
                b == 0 ? flags | firstFlags : flags);
        }
    }

    /// <summary>
    /// Compresses one block and writes the full 16-word output (paper §2.6, used for root and XOF output) to
    /// <paramref name="output"/>, which must not overlap <paramref name="cv"/>.
    /// </summary>
    /// <param name="cv">First of 8 input chaining-value words.</param>
    /// <param name="block">First of 64 message bytes.</param>
    /// <param name="blockLen">Number of real input bytes in the block, 0..64.</param>
    /// <param name="counter">The 64-bit counter t (the output block index for root output).</param>
    /// <param name="flags">The domain flags d.</param>
    /// <param name="output">First of 16 output words.</param>
    public static void CompressXof(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags, ref uint output) =>
        Compress(ref cv, ref block, blockLen, counter, flags, ref output, full: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compress(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags, ref uint output, bool full)
    {
        uint v0 = cv, v1 = Unsafe.Add(ref cv, 1), v2 = Unsafe.Add(ref cv, 2), v3 = Unsafe.Add(ref cv, 3);
        uint v4 = Unsafe.Add(ref cv, 4), v5 = Unsafe.Add(ref cv, 5), v6 = Unsafe.Add(ref cv, 6), v7 = Unsafe.Add(ref cv, 7);
        uint v8 = Blake3Constants.IV0, v9 = Blake3Constants.IV1, v10 = Blake3Constants.IV2, v11 = Blake3Constants.IV3;
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLen, v15 = flags;

        // One round written out (columns, then diagonals), looped 7 times; each round reads the message words in
        // its permuted order (paper §2.2 key schedule), so the block itself is never permuted.
        ref byte schedule = ref MemoryMarshal.GetReference(Blake3Constants.MessageSchedule);
        for (int r = 0; r < 7; r++)
        {
            ref byte w = ref Unsafe.Add(ref schedule, r * 16);
            G(ref v0, ref v4, ref v8, ref v12, W(ref block, w), W(ref block, Unsafe.Add(ref w, 1)));
            G(ref v1, ref v5, ref v9, ref v13, W(ref block, Unsafe.Add(ref w, 2)), W(ref block, Unsafe.Add(ref w, 3)));
            G(ref v2, ref v6, ref v10, ref v14, W(ref block, Unsafe.Add(ref w, 4)), W(ref block, Unsafe.Add(ref w, 5)));
            G(ref v3, ref v7, ref v11, ref v15, W(ref block, Unsafe.Add(ref w, 6)), W(ref block, Unsafe.Add(ref w, 7)));
            G(ref v0, ref v5, ref v10, ref v15, W(ref block, Unsafe.Add(ref w, 8)), W(ref block, Unsafe.Add(ref w, 9)));
            G(ref v1, ref v6, ref v11, ref v12, W(ref block, Unsafe.Add(ref w, 10)), W(ref block, Unsafe.Add(ref w, 11)));
            G(ref v2, ref v7, ref v8, ref v13, W(ref block, Unsafe.Add(ref w, 12)), W(ref block, Unsafe.Add(ref w, 13)));
            G(ref v3, ref v4, ref v9, ref v14, W(ref block, Unsafe.Add(ref w, 14)), W(ref block, Unsafe.Add(ref w, 15)));
        }

        if (full)
        {
            Unsafe.Add(ref output, 8) = v8 ^ cv;
            Unsafe.Add(ref output, 9) = v9 ^ Unsafe.Add(ref cv, 1);
            Unsafe.Add(ref output, 10) = v10 ^ Unsafe.Add(ref cv, 2);
            Unsafe.Add(ref output, 11) = v11 ^ Unsafe.Add(ref cv, 3);
            Unsafe.Add(ref output, 12) = v12 ^ Unsafe.Add(ref cv, 4);
            Unsafe.Add(ref output, 13) = v13 ^ Unsafe.Add(ref cv, 5);
            Unsafe.Add(ref output, 14) = v14 ^ Unsafe.Add(ref cv, 6);
            Unsafe.Add(ref output, 15) = v15 ^ Unsafe.Add(ref cv, 7);
        }

        output = v0 ^ v8;
        Unsafe.Add(ref output, 1) = v1 ^ v9;
        Unsafe.Add(ref output, 2) = v2 ^ v10;
        Unsafe.Add(ref output, 3) = v3 ^ v11;
        Unsafe.Add(ref output, 4) = v4 ^ v12;
        Unsafe.Add(ref output, 5) = v5 ^ v13;
        Unsafe.Add(ref output, 6) = v6 ^ v14;
        Unsafe.Add(ref output, 7) = v7 ^ v15;
    }

    /// <summary>Reads message word <paramref name="index"/> (little-endian) of a 64-byte block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint W(ref byte block, int index)
    {
        uint word = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, index * 4));
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    /// <summary>The quarter-round G (paper §2.2): mixes one column or diagonal with two message words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint mx, uint my)
    {
        a = a + b + mx;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + my;
        d = BitOperations.RotateRight(d ^ a, 8);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 7);
    }
}

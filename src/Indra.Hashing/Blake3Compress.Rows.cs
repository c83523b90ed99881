using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<uint>;

namespace Indra.Hashing;

/// <summary>
/// Single-block compression (paper §2.2) in the row-wise SIMD layout (paper §5.3, layout (a)): the 4×4 state is four
/// 128-bit rows, G runs on all four columns at once, then the rows are rotated so the diagonals line up, G runs again,
/// and the rows are rotated back. The 16 message words sit in two 256-bit registers and are permuted between rounds
/// with AVX2 <c>vpermd</c>/<c>vpblendd</c>. Used for chunk-state blocks, parents that do not fill a lane-wise kernel,
/// and root/XOF output when AVX2 is available.
/// </summary>
internal static class Blake3CompressRows
{
    /// <summary>True if this implementation can run (AVX2, little-endian).</summary>
    public static bool IsSupported => Avx2.IsSupported && BitConverter.IsLittleEndian;

    /// <summary>As <see cref="Blake3CompressScalar.CompressInPlace"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CompressInPlace(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags)
    {
        Rounds(ref cv, ref block, blockLen, counter, flags, out V r0, out V r1, out V r2, out V r3);
        Unsafe.WriteUnaligned(ref Unsafe.As<uint, byte>(ref cv), r0 ^ r2);
        Unsafe.WriteUnaligned(ref Unsafe.As<uint, byte>(ref Unsafe.Add(ref cv, 4)), r1 ^ r3);
    }

    /// <summary>
    /// As <see cref="Blake3CompressScalar.CompressBlocks"/>: full blocks of one chunk in sequence, the chaining value
    /// kept in registers from one block to the next (each compression waits for the previous one, so a round trip
    /// through memory would add its latency every block).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CompressBlocks(ref uint cv, ref byte blocks, int count, ulong counter, uint flags, uint firstFlags)
    {
        ref byte cvBytes = ref Unsafe.As<uint, byte>(ref cv);
        V h0 = Unsafe.ReadUnaligned<V>(ref cvBytes);
        V h1 = Unsafe.ReadUnaligned<V>(ref Unsafe.Add(ref cvBytes, 16));
        uint blockFlags = flags | firstFlags;
        for (int b = 0; b < count; b++)
        {
            Rounds(h0, h1, ref Unsafe.Add(ref blocks, b * Blake3Constants.BlockLen), Blake3Constants.BlockLen, counter,
                blockFlags, out V r0, out V r1, out V r2, out V r3);
            h0 = r0 ^ r2;
            h1 = r1 ^ r3;
            blockFlags = flags;
        }

        Unsafe.WriteUnaligned(ref cvBytes, h0);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref cvBytes, 16), h1);
    }

    /// <summary>As <see cref="Blake3CompressScalar.CompressXof"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CompressXof(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags, ref uint output)
    {
        V h0 = Unsafe.ReadUnaligned<V>(ref Unsafe.As<uint, byte>(ref cv));
        V h1 = Unsafe.ReadUnaligned<V>(ref Unsafe.As<uint, byte>(ref Unsafe.Add(ref cv, 4)));
        Rounds(ref cv, ref block, blockLen, counter, flags, out V r0, out V r1, out V r2, out V r3);
        ref byte o = ref Unsafe.As<uint, byte>(ref output);
        Unsafe.WriteUnaligned(ref o, r0 ^ r2);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 16), r1 ^ r3);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 32), r2 ^ h0);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 48), r3 ^ h1);
    }

    /// <summary>Runs the 7 rounds and returns the final state rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags,
        out V r0, out V r1, out V r2, out V r3) =>
        Rounds(Unsafe.ReadUnaligned<V>(ref Unsafe.As<uint, byte>(ref cv)),
            Unsafe.ReadUnaligned<V>(ref Unsafe.As<uint, byte>(ref Unsafe.Add(ref cv, 4))),
            ref block, blockLen, counter, flags, out r0, out r1, out r2, out r3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds(V h0, V h1, ref byte block, uint blockLen, ulong counter, uint flags,
        out V r0, out V r1, out V r2, out V r3)
    {
        r0 = h0;
        r1 = h1;
        r2 = Vector128.Create(Blake3Constants.IV0, Blake3Constants.IV1, Blake3Constants.IV2, Blake3Constants.IV3);
        r3 = Vector128.Create((uint)counter, (uint)(counter >> 32), blockLen, flags);

        // Message words 0-7 and 8-15. Each round takes its column words (0, 2, 4, 6 | 1, 3, 5, 7 of the current
        // order) and diagonal words (8, 10, 12, 14 | 9, 11, 13, 15), then applies the permutation P for the next round.
        Vector256<uint> lo = Unsafe.ReadUnaligned<Vector256<uint>>(ref block);
        Vector256<uint> hi = Unsafe.ReadUnaligned<Vector256<uint>>(ref Unsafe.Add(ref block, 32));
        Vector256<uint> evensThenOdds = Vector256.Create(0u, 2, 4, 6, 1, 3, 5, 7);

        // Diagonal i is a[i], b[i+1], c[i+2], d[i+3]. Row b stays put and a, c, d turn (below), so diagonal i lies in
        // column i + 1: its message words go to lane i + 1 as well.
        Vector256<uint> diagonalWords = Vector256.Create(6u, 0, 2, 4, 7, 1, 3, 5);

        // P = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8]: new words 0-7 take old 2, 6, 3, 10, 7, 0, 4, 13
        // (lanes 3 and 7 from the high half), new words 8-15 take old 1, 11, 12, 5, 9, 14, 15, 8.
        Vector256<uint> lowSources = Vector256.Create(2u, 6, 3, 2, 7, 0, 4, 5);
        Vector256<uint> highSources = Vector256.Create(1u, 3, 4, 5, 1, 6, 7, 0);

        Vector128<byte> rot16 = Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        Vector128<byte> rot8 = Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);

        for (int round = 0; round < 7; round++)
        {
            Vector256<uint> columns = Avx2.PermuteVar8x32(lo, evensThenOdds);
            Vector256<uint> diagonals = Avx2.PermuteVar8x32(hi, diagonalWords);

            HalfG(ref r0, ref r1, ref r2, ref r3, columns.GetLower(), rot16, 12);
            HalfG(ref r0, ref r1, ref r2, ref r3, columns.GetUpper(), rot8, 7);

            // Turn rows a, c, d (right by 1, left by 1, left by 2 words) so that the diagonals become columns. Row b,
            // the last one computed, is left alone: the next step waits for b, and none of these shuffles is on
            // that chain.
            r0 = Sse2.Shuffle(r0, 0b10_01_00_11);
            r2 = Sse2.Shuffle(r2, 0b00_11_10_01);
            r3 = Sse2.Shuffle(r3, 0b01_00_11_10);

            HalfG(ref r0, ref r1, ref r2, ref r3, diagonals.GetLower(), rot16, 12);
            HalfG(ref r0, ref r1, ref r2, ref r3, diagonals.GetUpper(), rot8, 7);

            r0 = Sse2.Shuffle(r0, 0b00_11_10_01);
            r2 = Sse2.Shuffle(r2, 0b10_01_00_11);
            r3 = Sse2.Shuffle(r3, 0b01_00_11_10);

            Vector256<uint> newLo = Avx2.Blend(Avx2.PermuteVar8x32(lo, lowSources), Avx2.PermuteVar8x32(hi, lowSources), 0b1000_1000);
            Vector256<uint> newHi = Avx2.Blend(Avx2.PermuteVar8x32(lo, highSources), Avx2.PermuteVar8x32(hi, highSources), 0b1111_0110);
            lo = newLo;
            hi = newHi;
        }
    }

    /// <summary>
    /// Half of G on all four columns: a += b + m; d = (d ^ a) ⋙ (16 or 8); c += d; b = (b ^ c) ⋙ (12 or 7).
    /// One compression after another is a single dependency chain, so latency is what counts: the message is added
    /// to <c>a</c> first, which does not wait for <c>b</c> (the last value the previous half produced).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HalfG(ref V a, ref V b, ref V c, ref V d, V m, Vector128<byte> rotateD, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte rotateB)
    {
        a = a + m + b;
        d ^= a;
        if (Avx512F.VL.IsSupported)
        {
            // vprord: one instruction of latency 1 on the serial chain, instead of a shuffle or two shifts and an or.
            d = rotateB == 12 ? Avx512F.VL.RotateRight(d, 16) : Avx512F.VL.RotateRight(d, 8);
            c += d;
            b ^= c;
            b = Avx512F.VL.RotateRight(b, rotateB);
            return;
        }

        d = Ssse3.Shuffle(d.AsByte(), rotateD).AsUInt32();
        c += d;
        b ^= c;
        b = (b >>> rotateB) | (b << (32 - rotateB));
    }
}

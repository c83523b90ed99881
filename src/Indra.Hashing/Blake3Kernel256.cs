using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector256<uint>;

namespace Indra.Hashing;

/// <summary>
/// AVX2 8-way lane-wise kernel (paper §5.3, layout (b)): vector <c>i</c> holds state word <c>i</c> of eight
/// independent inputs, so eight chunks (or eight parent nodes) are compressed at once with no diagonalisation.
/// Message words are transposed on load (8×8 unpack transpose); rotations by 16 and 8 are byte shuffles.
/// During the rounds, rows a, b and d of the state (12 vectors) are kept in registers and row c in an aligned stack
/// buffer: with only 16 vector registers this leaves room for temporaries, so the JIT produces spill-free code.
/// (On AVX-512 CPUs the 16-way kernel is used instead, so this one needs no <c>vprord</c> path.)
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Kernel256
{
    /// <summary>Number of inputs hashed per call.</summary>
    public const int Degree = 8;

    /// <summary>
    /// Hashes 8 inputs of <paramref name="blocks"/> 64-byte blocks each, lane <c>L</c> starting at
    /// <c>input + L * stride</c>, and writes lane <c>L</c>'s 32-byte chaining value (little-endian) to
    /// <c>output + 32 * L</c>. All input is read before any output is written.
    /// </summary>
    /// <param name="input">Lane 0's first block.</param>
    /// <param name="stride">Bytes between the lanes' inputs.</param>
    /// <param name="blocks">Blocks per input (16 for chunks, 1 for parents).</param>
    /// <param name="key">The 8 key words.</param>
    /// <param name="counter">Counter of lane 0.</param>
    /// <param name="incrementCounter">True to give lane <c>L</c> counter <c>counter + L</c>.</param>
    /// <param name="flags">Flags on every block.</param>
    /// <param name="flagsStart">Extra flags on the first block.</param>
    /// <param name="flagsEnd">Extra flags on the last block.</param>
    /// <param name="output">Where the 8 chaining values go.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hash8(byte* input, nuint stride, int blocks, uint* key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        byte* buffer = stackalloc byte[(32 * sizeof(V)) + 64];
        V* s = (V*)(((nuint)buffer + 63) & ~(nuint)63); // state words 0..15
        V* m = s + 16;                                   // transposed message words 0..15

        for (int i = 0; i < 8; i++)
        {
            s[i] = Vector256.Create(key[i]);
        }

        V counterLow = Vector256.Create((uint)counter);
        V counterHigh = Vector256.Create((uint)(counter >> 32));
        if (incrementCounter)
        {
            V baseLow = counterLow;
            counterLow += Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            counterHigh -= Vector256.LessThan(counterLow, baseLow); // +1 in the lanes whose low word wrapped
        }

        for (int b = 0; b < blocks; b++)
        {
            uint blockFlags = flags;
            if (b == 0)
            {
                blockFlags |= flagsStart;
            }

            if (b == blocks - 1)
            {
                blockFlags |= flagsEnd;
            }

            byte* block = input + ((nuint)b * Blake3Constants.BlockLen);
            LoadHalf(block, stride, m);
            LoadHalf(block + 32, stride, m + 8);
            Prefetch(block + (8 * stride), stride);

            s[8] = Vector256.Create(Blake3Constants.IV0);
            s[9] = Vector256.Create(Blake3Constants.IV1);
            s[10] = Vector256.Create(Blake3Constants.IV2);
            s[11] = Vector256.Create(Blake3Constants.IV3);
            s[12] = counterLow;
            s[13] = counterHigh;
            s[14] = Vector256.Create((uint)Blake3Constants.BlockLen);
            s[15] = Vector256.Create(blockFlags);
            Rounds(s, m);
            for (int i = 0; i < 8; i++)
            {
                s[i] ^= s[i + 8];
            }
        }

        V h0 = s[0], h1 = s[1], h2 = s[2], h3 = s[3], h4 = s[4], h5 = s[5], h6 = s[6], h7 = s[7];
        Transpose(ref h0, ref h1, ref h2, ref h3, ref h4, ref h5, ref h6, ref h7);
        uint* o = (uint*)output;
        Avx.Store(o, h0);
        Avx.Store(o + 8, h1);
        Avx.Store(o + 16, h2);
        Avx.Store(o + 24, h3);
        Avx.Store(o + 32, h4);
        Avx.Store(o + 40, h5);
        Avx.Store(o + 48, h6);
        Avx.Store(o + 56, h7);
    }

    /// <summary>
    /// Loads 32 bytes at <paramref name="p"/> from each of 8 lanes (lane stride <paramref name="stride"/> bytes),
    /// transposes them and stores 8 word vectors at <paramref name="words"/>: vector <c>w</c> holds word <c>w</c>
    /// of every lane.
    /// </summary>
    /// <param name="p">Lane 0's bytes.</param>
    /// <param name="stride">Bytes between lanes.</param>
    /// <param name="words">Where the 8 word vectors go.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadHalf(byte* p, nuint stride, V* words)
    {
        V w0 = Avx.LoadVector256((uint*)p);
        V w1 = Avx.LoadVector256((uint*)(p + stride));
        V w2 = Avx.LoadVector256((uint*)(p + (2 * stride)));
        V w3 = Avx.LoadVector256((uint*)(p + (3 * stride)));
        V w4 = Avx.LoadVector256((uint*)(p + (4 * stride)));
        V w5 = Avx.LoadVector256((uint*)(p + (5 * stride)));
        V w6 = Avx.LoadVector256((uint*)(p + (6 * stride)));
        V w7 = Avx.LoadVector256((uint*)(p + (7 * stride)));
        Transpose(ref w0, ref w1, ref w2, ref w3, ref w4, ref w5, ref w6, ref w7);
        words[0] = w0;
        words[1] = w1;
        words[2] = w2;
        words[3] = w3;
        words[4] = w4;
        words[5] = w5;
        words[6] = w6;
        words[7] = w7;
    }

    /// <summary>
    /// Asks for the same block of the next 8 lanes (the next call's input) to be brought into the cache, so that
    /// streaming a large input from memory overlaps with hashing. Prefetches never fault, even past the input's end.
    /// </summary>
    /// <param name="p">The next group's lane 0 block.</param>
    /// <param name="stride">Bytes between lanes.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(byte* p, nuint stride)
    {
        Sse.Prefetch0(p);
        Sse.Prefetch0(p + stride);
        Sse.Prefetch0(p + (2 * stride));
        Sse.Prefetch0(p + (3 * stride));
        Sse.Prefetch0(p + (4 * stride));
        Sse.Prefetch0(p + (5 * stride));
        Sse.Prefetch0(p + (6 * stride));
        Sse.Prefetch0(p + (7 * stride));
    }

    /// <summary>
    /// Transposes an 8×8 matrix of 32-bit words held as 8 row vectors: afterwards vector <c>j</c> holds
    /// column <c>j</c>. Three stages: 32-bit unpacks, 64-bit unpacks, 128-bit lane permutes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(ref V r0, ref V r1, ref V r2, ref V r3, ref V r4, ref V r5, ref V r6, ref V r7)
    {
        V t0 = Avx2.UnpackLow(r0, r1), t1 = Avx2.UnpackHigh(r0, r1);
        V t2 = Avx2.UnpackLow(r2, r3), t3 = Avx2.UnpackHigh(r2, r3);
        V t4 = Avx2.UnpackLow(r4, r5), t5 = Avx2.UnpackHigh(r4, r5);
        V t6 = Avx2.UnpackLow(r6, r7), t7 = Avx2.UnpackHigh(r6, r7);

        V u0 = Avx2.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32(); // words 0 | 4 of rows 0-3
        V u1 = Avx2.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32(); // words 1 | 5
        V u2 = Avx2.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32(); // words 2 | 6
        V u3 = Avx2.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32(); // words 3 | 7
        V u4 = Avx2.UnpackLow(t4.AsUInt64(), t6.AsUInt64()).AsUInt32(); // same for rows 4-7
        V u5 = Avx2.UnpackHigh(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        V u6 = Avx2.UnpackLow(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        V u7 = Avx2.UnpackHigh(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();

        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    /// <summary>
    /// The 7 rounds of the compression function (paper §2.2) on all lanes: state <paramref name="s"/> (16 vectors) is
    /// updated in place; <paramref name="m"/> holds the 16 message-word vectors, read in each round's permuted order
    /// (<see cref="Blake3Constants.MessageSchedule"/>), so the message is never moved. One round is written out (the
    /// four column steps, then the four diagonal steps) and looped seven times, which keeps the method small and quick
    /// to JIT.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Rounds(V* s, V* m)
    {
        // Byte shuffles that rotate every 32-bit word right by 16 and by 8.
        Vector256<byte> r16 = Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
            2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        Vector256<byte> r8 = Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12,
            1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);

        ref byte schedule = ref MemoryMarshal.GetReference(Blake3Constants.MessageSchedule);
        V a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
        V b0 = s[4], b1 = s[5], b2 = s[6], b3 = s[7];
        V* c = s + 8; // row c stays in memory: 16 vector registers cannot hold all 16 rows plus temporaries
        V d0 = s[12], d1 = s[13], d2 = s[14], d3 = s[15];
        for (int r = 0; r < 7; r++)
        {
            // Columns, then diagonals; message words in this round's order (paper §2.2 key schedule).
            ref byte w = ref Unsafe.Add(ref schedule, r * 16);
            G(ref a0, ref b0, c, ref d0, m + w, m + Unsafe.Add(ref w, 1), r16, r8);
            G(ref a1, ref b1, c + 1, ref d1, m + Unsafe.Add(ref w, 2), m + Unsafe.Add(ref w, 3), r16, r8);
            G(ref a2, ref b2, c + 2, ref d2, m + Unsafe.Add(ref w, 4), m + Unsafe.Add(ref w, 5), r16, r8);
            G(ref a3, ref b3, c + 3, ref d3, m + Unsafe.Add(ref w, 6), m + Unsafe.Add(ref w, 7), r16, r8);
            G(ref a0, ref b1, c + 2, ref d3, m + Unsafe.Add(ref w, 8), m + Unsafe.Add(ref w, 9), r16, r8);
            G(ref a1, ref b2, c + 3, ref d0, m + Unsafe.Add(ref w, 10), m + Unsafe.Add(ref w, 11), r16, r8);
            G(ref a2, ref b3, c, ref d1, m + Unsafe.Add(ref w, 12), m + Unsafe.Add(ref w, 13), r16, r8);
            G(ref a3, ref b0, c + 1, ref d2, m + Unsafe.Add(ref w, 14), m + Unsafe.Add(ref w, 15), r16, r8);
        }

        s[0] = a0;
        s[1] = a1;
        s[2] = a2;
        s[3] = a3;
        s[4] = b0;
        s[5] = b1;
        s[6] = b2;
        s[7] = b3;
        s[12] = d0;
        s[13] = d1;
        s[14] = d2;
        s[15] = d3;
    }

    /// <summary>
    /// The quarter-round G (paper §2.2) on one column or diagonal of every lane: state vectors a, b, c, d, message
    /// vectors at <paramref name="mx"/> and <paramref name="my"/> (read from memory where they are used).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref V a, ref V b, V* cp, ref V d, V* mx, V* my, Vector256<byte> r16, Vector256<byte> r8)
    {
        V c = *cp;
        a += b + *mx;
        d ^= a;
        d = Avx2.Shuffle(d.AsByte(), r16).AsUInt32();
        c += d;
        b ^= c;
        b = (b >>> 12) | (b << 20);
        a += b + *my;
        d ^= a;
        d = Avx2.Shuffle(d.AsByte(), r8).AsUInt32();
        c += d;
        b ^= c;
        b = (b >>> 7) | (b << 25);
        *cp = c;
    }
}

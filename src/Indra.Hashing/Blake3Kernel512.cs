using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector512<uint>;
using V256 = System.Runtime.Intrinsics.Vector256<uint>;

namespace Indra.Hashing;

/// <summary>
/// Vector512 16-way lane-wise kernel (paper §5.3, layout (b)): vector <c>i</c> holds state word <c>i</c> of sixteen
/// independent inputs. Rotations use AVX-512 <c>vprord</c> when available. With AVX-512 the message is transposed
/// 16×16 in registers; without it, and for the output chaining values, the AVX2 8×8 transpose runs on each half of
/// the lanes, so this kernel requires AVX2 (every AVX-512 CPU has it). Without AVX-512 hardware the Vector512
/// arithmetic runs through the runtime's software fallback, which keeps this path testable on AVX2-only machines.
/// With 32 vector registers, all 16 state rows stay in registers during the rounds.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Kernel512
{
    /// <summary>Number of inputs hashed per call.</summary>
    public const int Degree = 16;

    /// <summary>
    /// Hashes 16 inputs of <paramref name="blocks"/> 64-byte blocks each, lane <c>L</c> starting at
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
    /// <param name="output">Where the 16 chaining values go.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hash16(byte* input, nuint stride, int blocks, uint* key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        byte* buffer = stackalloc byte[(32 * sizeof(V)) + 64];
        V* s = (V*)(((nuint)buffer + 63) & ~(nuint)63); // state words 0..15
        V* m = s + 16;                                   // transposed message words 0..15

        for (int i = 0; i < 8; i++)
        {
            s[i] = Vector512.Create(key[i]);
        }

        V counterLow = Vector512.Create((uint)counter);
        V counterHigh = Vector512.Create((uint)(counter >> 32));
        if (incrementCounter)
        {
            V baseLow = counterLow;
            counterLow += Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            counterHigh -= Vector512.LessThan(counterLow, baseLow); // +1 in the lanes whose low word wrapped
        }

        byte* nextGroup = input + (Degree * stride);
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

            nuint offset = (nuint)b * Blake3Constants.BlockLen;
            LoadMessage(input + offset, stride, m);
            if (blocks > 1)
            {
                Prefetch(nextGroup + offset, stride);
            }

            s[8] = Vector512.Create(Blake3Constants.IV0);
            s[9] = Vector512.Create(Blake3Constants.IV1);
            s[10] = Vector512.Create(Blake3Constants.IV2);
            s[11] = Vector512.Create(Blake3Constants.IV3);
            s[12] = counterLow;
            s[13] = counterHigh;
            s[14] = Vector512.Create((uint)Blake3Constants.BlockLen);
            s[15] = Vector512.Create(blockFlags);
            Rounds(s, m);
            for (int i = 0; i < 8; i++)
            {
                s[i] ^= s[i + 8];
            }
        }

        StoreHalf(s[0].GetLower(), s[1].GetLower(), s[2].GetLower(), s[3].GetLower(),
            s[4].GetLower(), s[5].GetLower(), s[6].GetLower(), s[7].GetLower(), (uint*)output);
        StoreHalf(s[0].GetUpper(), s[1].GetUpper(), s[2].GetUpper(), s[3].GetUpper(),
            s[4].GetUpper(), s[5].GetUpper(), s[6].GetUpper(), s[7].GetUpper(), (uint*)(output + (8 * Blake3Constants.OutLen)));
    }

    /// <summary>
    /// Loads one 64-byte block from each of the 16 lanes (lane <c>L</c> at <c>p + L * stride</c>) and stores the 16
    /// message-word vectors at <paramref name="m"/>: vector <c>w</c> holds word <c>w</c> of every lane. With AVX-512
    /// this is a 16×16 transpose in registers (32-bit and 64-bit unpacks, then two stages of 128-bit lane shuffles);
    /// without it, the AVX2 8×8 transpose on each half of the lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadMessage(byte* p, nuint stride, V* m)
    {
        if (!Avx512F.IsSupported)
        {
            V256* halves = stackalloc V256[16];
            for (int half = 0; half < 2; half++)
            {
                Blake3Kernel256.LoadHalf(p + (half * 32), stride, halves);
                Blake3Kernel256.LoadHalf(p + (8 * stride) + (half * 32), stride, halves + 8);
                for (int w = 0; w < 8; w++)
                {
                    m[(half * 8) + w] = Vector512.Create(halves[w], halves[w + 8]);
                }
            }

            return;
        }

        // Rows: lane L's 16 words. Each group of four lanes is transposed within 128-bit quarters first.
        Transpose4Lanes(p, stride, out V g0w0, out V g0w1, out V g0w2, out V g0w3);
        Transpose4Lanes(p + (4 * stride), stride, out V g1w0, out V g1w1, out V g1w2, out V g1w3);
        Transpose4Lanes(p + (8 * stride), stride, out V g2w0, out V g2w1, out V g2w2, out V g2w3);
        Transpose4Lanes(p + (12 * stride), stride, out V g3w0, out V g3w1, out V g3w2, out V g3w3);

        // gGwJ's quarter k holds word 4k + J of lanes 4G..4G+3; word 4k + J of all lanes is quarter k of g0..g3.
        InterleaveQuarters(g0w0, g1w0, g2w0, g3w0, m, 0);
        InterleaveQuarters(g0w1, g1w1, g2w1, g3w1, m, 1);
        InterleaveQuarters(g0w2, g1w2, g2w2, g3w2, m, 2);
        InterleaveQuarters(g0w3, g1w3, g2w3, g3w3, m, 3);
    }

    /// <summary>
    /// Loads the 64-byte blocks of four lanes and transposes each 128-bit quarter: output <c>J</c>'s quarter
    /// <c>k</c> holds word <c>4k + J</c> of the four lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4Lanes(byte* p, nuint stride, out V w0, out V w1, out V w2, out V w3)
    {
        V r0 = Avx512F.LoadVector512((uint*)p);
        V r1 = Avx512F.LoadVector512((uint*)(p + stride));
        V r2 = Avx512F.LoadVector512((uint*)(p + (2 * stride)));
        V r3 = Avx512F.LoadVector512((uint*)(p + (3 * stride)));
        V t0 = Avx512F.UnpackLow(r0, r1);  // r0w0 r1w0 r0w1 r1w1 per quarter
        V t1 = Avx512F.UnpackHigh(r0, r1); // r0w2 r1w2 r0w3 r1w3
        V t2 = Avx512F.UnpackLow(r2, r3);
        V t3 = Avx512F.UnpackHigh(r2, r3);
        w0 = Avx512F.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        w1 = Avx512F.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        w2 = Avx512F.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        w3 = Avx512F.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
    }

    /// <summary>
    /// Transposes the 4×4 matrix of 128-bit quarters of <paramref name="u0"/>..<paramref name="u3"/> and stores
    /// result <c>k</c> as message word <c>4k + <paramref name="j"/></c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InterleaveQuarters(V u0, V u1, V u2, V u3, V* m, int j)
    {
        const byte EvenQuarters = 0x88; // quarters 0, 2 of the first operand, then 0, 2 of the second
        const byte OddQuarters = 0xDD;  // quarters 1, 3 of each
        V p0 = Avx512F.Shuffle4x128(u0, u1, EvenQuarters);
        V p1 = Avx512F.Shuffle4x128(u0, u1, OddQuarters);
        V p2 = Avx512F.Shuffle4x128(u2, u3, EvenQuarters);
        V p3 = Avx512F.Shuffle4x128(u2, u3, OddQuarters);
        m[j] = Avx512F.Shuffle4x128(p0, p2, EvenQuarters);
        m[4 + j] = Avx512F.Shuffle4x128(p1, p3, EvenQuarters);
        m[8 + j] = Avx512F.Shuffle4x128(p0, p2, OddQuarters);
        m[12 + j] = Avx512F.Shuffle4x128(p1, p3, OddQuarters);
    }

    /// <summary>
    /// Asks for block <paramref name="p"/> of the next call's 16 lanes to be brought into the cache, so that streaming
    /// a large input from memory overlaps with hashing. Prefetches never fault, even past the input's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(byte* p, nuint stride)
    {
        Blake3Kernel256.Prefetch(p, stride);
        Blake3Kernel256.Prefetch(p + (8 * stride), stride);
    }

    /// <summary>Transposes word vectors of 8 lanes back to per-lane chaining values and stores them (8 × 32 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreHalf(V256 w0, V256 w1, V256 w2, V256 w3, V256 w4, V256 w5, V256 w6, V256 w7, uint* o)
    {
        Blake3Kernel256.Transpose(ref w0, ref w1, ref w2, ref w3, ref w4, ref w5, ref w6, ref w7);
        Avx.Store(o, w0);
        Avx.Store(o + 8, w1);
        Avx.Store(o + 16, w2);
        Avx.Store(o + 24, w3);
        Avx.Store(o + 32, w4);
        Avx.Store(o + 40, w5);
        Avx.Store(o + 48, w6);
        Avx.Store(o + 56, w7);
    }

    /// <summary>
    /// The 7 rounds of the compression function (paper §2.2) on all lanes: state <paramref name="s"/> (16 vectors) is
    /// updated in place; <paramref name="m"/> holds the 16 message-word vectors, read in each round's permuted order
    /// (<see cref="Blake3Constants.MessageSchedule"/>), so the message is never moved or copied (vector stores are
    /// the scarce resource on CPUs that split 512-bit stores, such as AMD Zen 4; the index arithmetic runs on the
    /// scalar ports). One round is written out and looped seven times, which keeps the method small and quick to JIT. Each round is the quarter-round G (paper §2.2) on the four columns, then on the four diagonals,
    /// with the four G's interleaved step by step: each G is a chain of 14 dependent operations, and interleaving puts
    /// four independent ones next to each other for the out-of-order core instead of relying on it to look 40
    /// instructions ahead.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Rounds(V* s, V* m)
    {
        V a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
        V b0 = s[4], b1 = s[5], b2 = s[6], b3 = s[7];
        V c0 = s[8], c1 = s[9], c2 = s[10], c3 = s[11];
        V d0 = s[12], d1 = s[13], d2 = s[14], d3 = s[15];
        ref byte schedule = ref MemoryMarshal.GetReference(Blake3Constants.MessageSchedule);
        for (int r = 0; r < 7; r++)
        {
            // This round's message order (paper §2.2 key schedule): word i of the round is m[w[i]].
            ref byte w = ref Unsafe.Add(ref schedule, r * 16);
            // Columns: message words 0, 2, 4, 6, then 1, 3, 5, 7 of this round's order.
            a0 += b0 + m[w];
            a1 += b1 + m[Unsafe.Add(ref w, 2)];
            a2 += b2 + m[Unsafe.Add(ref w, 4)];
            a3 += b3 + m[Unsafe.Add(ref w, 6)];
            d0 = RotateRight(d0 ^ a0, 16);
            d1 = RotateRight(d1 ^ a1, 16);
            d2 = RotateRight(d2 ^ a2, 16);
            d3 = RotateRight(d3 ^ a3, 16);
            c0 += d0;
            c1 += d1;
            c2 += d2;
            c3 += d3;
            b0 = RotateRight(b0 ^ c0, 12);
            b1 = RotateRight(b1 ^ c1, 12);
            b2 = RotateRight(b2 ^ c2, 12);
            b3 = RotateRight(b3 ^ c3, 12);
            a0 += b0 + m[Unsafe.Add(ref w, 1)];
            a1 += b1 + m[Unsafe.Add(ref w, 3)];
            a2 += b2 + m[Unsafe.Add(ref w, 5)];
            a3 += b3 + m[Unsafe.Add(ref w, 7)];
            d0 = RotateRight(d0 ^ a0, 8);
            d1 = RotateRight(d1 ^ a1, 8);
            d2 = RotateRight(d2 ^ a2, 8);
            d3 = RotateRight(d3 ^ a3, 8);
            c0 += d0;
            c1 += d1;
            c2 += d2;
            c3 += d3;
            b0 = RotateRight(b0 ^ c0, 7);
            b1 = RotateRight(b1 ^ c1, 7);
            b2 = RotateRight(b2 ^ c2, 7);
            b3 = RotateRight(b3 ^ c3, 7);

            // Diagonals: words 8, 10, 12, 14, then 9, 11, 13, 15.
            a0 += b1 + m[Unsafe.Add(ref w, 8)];
            a1 += b2 + m[Unsafe.Add(ref w, 10)];
            a2 += b3 + m[Unsafe.Add(ref w, 12)];
            a3 += b0 + m[Unsafe.Add(ref w, 14)];
            d3 = RotateRight(d3 ^ a0, 16);
            d0 = RotateRight(d0 ^ a1, 16);
            d1 = RotateRight(d1 ^ a2, 16);
            d2 = RotateRight(d2 ^ a3, 16);
            c2 += d3;
            c3 += d0;
            c0 += d1;
            c1 += d2;
            b1 = RotateRight(b1 ^ c2, 12);
            b2 = RotateRight(b2 ^ c3, 12);
            b3 = RotateRight(b3 ^ c0, 12);
            b0 = RotateRight(b0 ^ c1, 12);
            a0 += b1 + m[Unsafe.Add(ref w, 9)];
            a1 += b2 + m[Unsafe.Add(ref w, 11)];
            a2 += b3 + m[Unsafe.Add(ref w, 13)];
            a3 += b0 + m[Unsafe.Add(ref w, 15)];
            d3 = RotateRight(d3 ^ a0, 8);
            d0 = RotateRight(d0 ^ a1, 8);
            d1 = RotateRight(d1 ^ a2, 8);
            d2 = RotateRight(d2 ^ a3, 8);
            c2 += d3;
            c3 += d0;
            c0 += d1;
            c1 += d2;
            b1 = RotateRight(b1 ^ c2, 7);
            b2 = RotateRight(b2 ^ c3, 7);
            b3 = RotateRight(b3 ^ c0, 7);
            b0 = RotateRight(b0 ^ c1, 7);
        }

        s[0] = a0;
        s[1] = a1;
        s[2] = a2;
        s[3] = a3;
        s[4] = b0;
        s[5] = b1;
        s[6] = b2;
        s[7] = b3;
        s[8] = c0;
        s[9] = c1;
        s[10] = c2;
        s[11] = c3;
        s[12] = d0;
        s[13] = d1;
        s[14] = d2;
        s[15] = d3;
    }

    /// <summary>Rotates each word right: AVX-512 <c>vprord</c>, or two shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V RotateRight(V x, [ConstantExpected(Min = 1, Max = 31)] byte count) =>
        Avx512F.IsSupported ? Avx512F.RotateRight(x, count) : (x >>> count) | (x << (32 - count));
}

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
/// independent inputs. Rotations use AVX-512 <c>vprord</c> when available. Message and output transposes reuse the
/// AVX2 8×8 transpose on each half of the lanes, so this kernel requires AVX2 (every AVX-512 CPU has it); without
/// AVX-512 hardware the Vector512 arithmetic runs through the runtime's software fallback, which keeps this path
/// testable on AVX2-only machines. With 32 vector registers, all 16 state rows stay in registers during the rounds.
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
        byte* buffer = stackalloc byte[(32 * sizeof(V)) + (16 * sizeof(V256)) + 64];
        V* s = (V*)(((nuint)buffer + 63) & ~(nuint)63); // state words 0..15
        V* m = s + 16;                                   // transposed message words 0..15
        V256* halves = (V256*)(m + 16);                  // 8 word vectors of lanes 0-7, then of lanes 8-15

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

        byte* upperLanes = input + (8 * stride);
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
            for (int half = 0; half < 2; half++)
            {
                nuint wordOffset = offset + (nuint)(half * 32);
                Blake3Kernel256.LoadHalf(input + wordOffset, stride, halves);
                Blake3Kernel256.LoadHalf(upperLanes + wordOffset, stride, halves + 8);
                for (int w = 0; w < 8; w++)
                {
                    m[(half * 8) + w] = Vector512.Create(halves[w], halves[w + 8]);
                }
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
    /// (<see cref="Blake3Constants.MessageSchedule"/>), so the message is never moved. One round is written out (the
    /// four column steps, then the four diagonal steps) and looped seven times, which keeps the method small and quick
    /// to JIT.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Rounds(V* s, V* m)
    {
        ref byte schedule = ref MemoryMarshal.GetReference(Blake3Constants.MessageSchedule);
        V a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
        V b0 = s[4], b1 = s[5], b2 = s[6], b3 = s[7];
        V c0 = s[8], c1 = s[9], c2 = s[10], c3 = s[11];
        V d0 = s[12], d1 = s[13], d2 = s[14], d3 = s[15];
        for (int r = 0; r < 7; r++)
        {
            // Columns, then diagonals; message words in this round's order (paper §2.2 key schedule).
            ref byte w = ref Unsafe.Add(ref schedule, r * 16);
            G(ref a0, ref b0, ref c0, ref d0, m + w, m + Unsafe.Add(ref w, 1));
            G(ref a1, ref b1, ref c1, ref d1, m + Unsafe.Add(ref w, 2), m + Unsafe.Add(ref w, 3));
            G(ref a2, ref b2, ref c2, ref d2, m + Unsafe.Add(ref w, 4), m + Unsafe.Add(ref w, 5));
            G(ref a3, ref b3, ref c3, ref d3, m + Unsafe.Add(ref w, 6), m + Unsafe.Add(ref w, 7));
            G(ref a0, ref b1, ref c2, ref d3, m + Unsafe.Add(ref w, 8), m + Unsafe.Add(ref w, 9));
            G(ref a1, ref b2, ref c3, ref d0, m + Unsafe.Add(ref w, 10), m + Unsafe.Add(ref w, 11));
            G(ref a2, ref b3, ref c0, ref d1, m + Unsafe.Add(ref w, 12), m + Unsafe.Add(ref w, 13));
            G(ref a3, ref b0, ref c1, ref d2, m + Unsafe.Add(ref w, 14), m + Unsafe.Add(ref w, 15));
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

    /// <summary>
    /// The quarter-round G (paper §2.2) on one column or diagonal of every lane: state vectors a, b, c, d, message
    /// vectors at <paramref name="mx"/> and <paramref name="my"/> (read from memory where they are used).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref V a, ref V b, ref V c, ref V d, V* mx, V* my)
    {
        a += b + *mx;
        d ^= a;
        d = RotateRight(d, 16);
        c += d;
        b ^= c;
        b = RotateRight(b, 12);
        a += b + *my;
        d ^= a;
        d = RotateRight(d, 8);
        c += d;
        b ^= c;
        b = RotateRight(b, 7);
    }

    /// <summary>Rotates each word right: AVX-512 <c>vprord</c>, or two shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V RotateRight(V x, [ConstantExpected(Min = 1, Max = 31)] byte count) =>
        Avx512F.IsSupported ? Avx512F.RotateRight(x, count) : (x >>> count) | (x << (32 - count));
}

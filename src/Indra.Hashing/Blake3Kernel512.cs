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
/// testable on AVX2-only machines.
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
    /// (<see cref="Blake3Constants.MessageSchedule"/>), so the message is never moved. One round is written out (four
    /// interleaved G pairs: columns, then diagonals) and looped seven times, which keeps the method small and quick to JIT.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Rounds(V* s, V* m)
    {
        ref byte schedule = ref MemoryMarshal.GetReference(Blake3Constants.MessageSchedule);
        for (int r = 0; r < 7; r++)
        {
            ref byte w = ref Unsafe.Add(ref schedule, r * 16);
            G2(s, 0, 4, 8, 12, m[w], m[Unsafe.Add(ref w, 1)], 1, 5, 9, 13, m[Unsafe.Add(ref w, 2)], m[Unsafe.Add(ref w, 3)]);
            G2(s, 2, 6, 10, 14, m[Unsafe.Add(ref w, 4)], m[Unsafe.Add(ref w, 5)], 3, 7, 11, 15, m[Unsafe.Add(ref w, 6)], m[Unsafe.Add(ref w, 7)]);
            G2(s, 0, 5, 10, 15, m[Unsafe.Add(ref w, 8)], m[Unsafe.Add(ref w, 9)], 1, 6, 11, 12, m[Unsafe.Add(ref w, 10)], m[Unsafe.Add(ref w, 11)]);
            G2(s, 2, 7, 8, 13, m[Unsafe.Add(ref w, 12)], m[Unsafe.Add(ref w, 13)], 3, 4, 9, 14, m[Unsafe.Add(ref w, 14)], m[Unsafe.Add(ref w, 15)]);
        }
    }

    /// <summary>
    /// Two independent quarter-rounds G (paper §2.2), interleaved step by step for instruction-level parallelism:
    /// state vectors a, b, c, d with message vectors mx, my, and e, f, g, h with nx, ny.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G2(V* s, int a, int b, int c, int d, V mx, V my, int e, int f, int g, int h, V nx, V ny)
    {
        V va = s[a], vb = s[b], vc = s[c], vd = s[d];
        V ve = s[e], vf = s[f], vg = s[g], vh = s[h];
        va += vb + mx;
        ve += vf + nx;
        vd ^= va;
        vh ^= ve;
        vd = RotateRight(vd, 16);
        vh = RotateRight(vh, 16);
        vc += vd;
        vg += vh;
        vb ^= vc;
        vf ^= vg;
        vb = RotateRight(vb, 12);
        vf = RotateRight(vf, 12);
        va += vb + my;
        ve += vf + ny;
        vd ^= va;
        vh ^= ve;
        vd = RotateRight(vd, 8);
        vh = RotateRight(vh, 8);
        vc += vd;
        vg += vh;
        vb ^= vc;
        vf ^= vg;
        vb = RotateRight(vb, 7);
        vf = RotateRight(vf, 7);
        s[a] = va;
        s[b] = vb;
        s[c] = vc;
        s[d] = vd;
        s[e] = ve;
        s[f] = vf;
        s[g] = vg;
        s[h] = vh;
    }

    /// <summary>Rotates each word right: AVX-512 <c>vprord</c>, or two shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V RotateRight(V x, [ConstantExpected(Min = 1, Max = 31)] byte count) =>
        Avx512F.IsSupported ? Avx512F.RotateRight(x, count) : (x >>> count) | (x << (32 - count));
}

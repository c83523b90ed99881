using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<uint>;

namespace Indra.Hashing;

/// <summary>
/// Vector128 4-way lane-wise kernel (paper §5.3, layout (b)): vector <c>i</c> holds state word <c>i</c> of four
/// independent inputs. Uses SSE2 unpacks for the 4×4 message transpose and SSSE3 byte shuffles for the rotations by
/// 16 and 8 when available, and portable Vector128 operations otherwise. Register use follows
/// <see cref="Blake3Kernel256"/> (rows a, b, d in registers, row c in memory).
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Kernel128
{
    /// <summary>Number of inputs hashed per call.</summary>
    public const int Degree = 4;

    /// <summary>
    /// Hashes 4 inputs of <paramref name="blocks"/> 64-byte blocks each, lane <c>L</c> starting at
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
    /// <param name="output">Where the 4 chaining values go.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hash4(byte* input, nuint stride, int blocks, uint* key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        byte* buffer = stackalloc byte[(32 * sizeof(V)) + 64];
        V* s = (V*)(((nuint)buffer + 63) & ~(nuint)63); // state words 0..15
        V* m = s + 16;                                   // transposed message words 0..15

        for (int i = 0; i < 8; i++)
        {
            s[i] = Vector128.Create(key[i]);
        }

        V counterLow = Vector128.Create((uint)counter);
        V counterHigh = Vector128.Create((uint)(counter >> 32));
        if (incrementCounter)
        {
            V baseLow = counterLow;
            counterLow += Vector128.Create(0u, 1, 2, 3);
            counterHigh -= Vector128.LessThan(counterLow, baseLow); // +1 in the lanes whose low word wrapped
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
            LoadQuarter(block, stride, m);
            LoadQuarter(block + 16, stride, m + 4);
            LoadQuarter(block + 32, stride, m + 8);
            LoadQuarter(block + 48, stride, m + 12);

            s[8] = Vector128.Create(Blake3Constants.IV0);
            s[9] = Vector128.Create(Blake3Constants.IV1);
            s[10] = Vector128.Create(Blake3Constants.IV2);
            s[11] = Vector128.Create(Blake3Constants.IV3);
            s[12] = counterLow;
            s[13] = counterHigh;
            s[14] = Vector128.Create((uint)Blake3Constants.BlockLen);
            s[15] = Vector128.Create(blockFlags);
            Rounds(s, m);
            for (int i = 0; i < 8; i++)
            {
                s[i] ^= s[i + 8];
            }
        }

        V h0 = s[0], h1 = s[1], h2 = s[2], h3 = s[3], h4 = s[4], h5 = s[5], h6 = s[6], h7 = s[7];
        Transpose(ref h0, ref h1, ref h2, ref h3);
        Transpose(ref h4, ref h5, ref h6, ref h7);
        uint* o = (uint*)output;
        h0.Store(o);
        h4.Store(o + 4);
        h1.Store(o + 8);
        h5.Store(o + 12);
        h2.Store(o + 16);
        h6.Store(o + 20);
        h3.Store(o + 24);
        h7.Store(o + 28);
    }

    /// <summary>
    /// Loads 16 bytes at <paramref name="p"/> from each of 4 lanes (lane stride <paramref name="stride"/> bytes),
    /// transposes them and stores 4 word vectors at <paramref name="words"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadQuarter(byte* p, nuint stride, V* words)
    {
        V w0 = Vector128.Load((uint*)p);
        V w1 = Vector128.Load((uint*)(p + stride));
        V w2 = Vector128.Load((uint*)(p + (2 * stride)));
        V w3 = Vector128.Load((uint*)(p + (3 * stride)));
        Transpose(ref w0, ref w1, ref w2, ref w3);
        words[0] = w0;
        words[1] = w1;
        words[2] = w2;
        words[3] = w3;
    }

    /// <summary>Transposes a 4×4 matrix of 32-bit words held as 4 row vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref V r0, ref V r1, ref V r2, ref V r3)
    {
        if (Sse2.IsSupported)
        {
            V t0 = Sse2.UnpackLow(r0, r1), t1 = Sse2.UnpackHigh(r0, r1);
            V t2 = Sse2.UnpackLow(r2, r3), t3 = Sse2.UnpackHigh(r2, r3);
            r0 = Sse2.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
            r1 = Sse2.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
            r2 = Sse2.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
            r3 = Sse2.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
            return;
        }

        V a = r0, b = r1, c = r2, d = r3;
        r0 = Vector128.Create(a.GetElement(0), b.GetElement(0), c.GetElement(0), d.GetElement(0));
        r1 = Vector128.Create(a.GetElement(1), b.GetElement(1), c.GetElement(1), d.GetElement(1));
        r2 = Vector128.Create(a.GetElement(2), b.GetElement(2), c.GetElement(2), d.GetElement(2));
        r3 = Vector128.Create(a.GetElement(3), b.GetElement(3), c.GetElement(3), d.GetElement(3));
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
        // Byte shuffles that rotate every 32-bit word right by 16 and by 8 (used with SSSE3).
        Vector128<byte> r16 = Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        Vector128<byte> r8 = Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);

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
    private static void G(ref V a, ref V b, V* cp, ref V d, V* mx, V* my, Vector128<byte> r16, Vector128<byte> r8)
    {
        V c = *cp;
        a += b + *mx;
        d ^= a;
        d = RotateRightBytes(d, r16, 16);
        c += d;
        b ^= c;
        b = (b >>> 12) | (b << 20);
        a += b + *my;
        d ^= a;
        d = RotateRightBytes(d, r8, 8);
        c += d;
        b ^= c;
        b = (b >>> 7) | (b << 25);
        *cp = c;
    }

    /// <summary>Rotates each word right by a whole number of bytes: one SSSE3 shuffle, or two shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V RotateRightBytes(V x, Vector128<byte> shuffle, [ConstantExpected(Min = 8, Max = 24)] int bits) =>
        Ssse3.IsSupported ? Ssse3.Shuffle(x.AsByte(), shuffle).AsUInt32() : (x >>> bits) | (x << (32 - bits));
}

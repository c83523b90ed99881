namespace Indra.Hashing;

/// <summary>
/// Compresses many equal-length inputs that lie back to back in memory: whole chunks (16 blocks each, counter
/// incremented per input, CHUNK_START/CHUNK_END on the first/last block; paper §2.4) or parent nodes (one block
/// each, counter 0, PARENT; paper §2.5). Uses the widest available lane-wise kernel, then narrower ones, then the
/// scalar compression for the remainder (paper §5.3).
/// </summary>
internal static unsafe class Blake3HashMany
{
    /// <summary>
    /// Hashes <paramref name="count"/> inputs of <paramref name="blocks"/> 64-byte blocks each, input <c>i</c>
    /// starting at <c>input + i * blocks * 64</c>, writing chaining value <c>i</c> (32 bytes, little-endian) to
    /// <c>output + 32 * i</c>. Output may overlap input as long as <paramref name="output"/> ≤ <paramref name="input"/>
    /// (used for in-place tree reduction): each group's inputs are read before its outputs are written.
    /// </summary>
    /// <param name="input">First input byte.</param>
    /// <param name="count">Number of inputs.</param>
    /// <param name="blocks">Blocks per input (16 for chunks, 1 for parents).</param>
    /// <param name="key">The 8 key words.</param>
    /// <param name="counter">Counter of input 0.</param>
    /// <param name="incrementCounter">True to give input <c>i</c> counter <c>counter + i</c> (chunks); false for parents.</param>
    /// <param name="flags">Flags on every block.</param>
    /// <param name="flagsStart">Extra flags on each input's first block.</param>
    /// <param name="flagsEnd">Extra flags on each input's last block.</param>
    /// <param name="output">Where the chaining values go.</param>
    public static void Hash(byte* input, nuint count, int blocks, uint* key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        nuint stride = (nuint)blocks * Blake3Constants.BlockLen;
        Blake3Backend backend = Blake3Dispatch.Active;

        if (backend >= Blake3Backend.Vector512)
        {
            while (count >= Blake3Kernel512.Degree)
            {
                Blake3Kernel512.Hash16(input, stride, blocks, key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
                Advance(ref input, ref output, ref count, ref counter, incrementCounter, stride, Blake3Kernel512.Degree);
            }
        }

        if (backend >= Blake3Backend.Vector256)
        {
            while (count >= Blake3Kernel256.Degree)
            {
                Blake3Kernel256.Hash8(input, stride, blocks, key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
                Advance(ref input, ref output, ref count, ref counter, incrementCounter, stride, Blake3Kernel256.Degree);
            }
        }

        if (backend >= Blake3Backend.Vector128)
        {
            while (count >= Blake3Kernel128.Degree)
            {
                Blake3Kernel128.Hash4(input, stride, blocks, key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
                Advance(ref input, ref output, ref count, ref counter, incrementCounter, stride, Blake3Kernel128.Degree);
            }
        }

        while (count > 0)
        {
            HashOne(input, blocks, key, counter, flags, flagsStart, flagsEnd, output);
            Advance(ref input, ref output, ref count, ref counter, incrementCounter, stride, 1);
        }
    }

    private static void Advance(ref byte* input, ref byte* output, ref nuint count, ref ulong counter, bool incrementCounter,
        nuint stride, int degree)
    {
        input += stride * (nuint)degree;
        output += Blake3Constants.OutLen * degree;
        count -= (nuint)degree;
        if (incrementCounter)
        {
            counter += (ulong)degree;
        }
    }

    private static void HashOne(byte* input, int blocks, uint* key, ulong counter, uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        CvWords cv = default;
        Blake3Words.CopyKey(key, cv);
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

            Blake3Compress.CompressInPlace(ref cv[0], ref input[b * Blake3Constants.BlockLen], Blake3Constants.BlockLen, counter, blockFlags);
        }

        Blake3Words.StoreCv(cv, output);
    }
}

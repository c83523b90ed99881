namespace Indra.Hashing;

/// <summary>
/// Single-block compression (paper §2.2), dispatched to the row-wise AVX2 form (<see cref="Blake3CompressRows"/>)
/// when the active kernel is AVX2 or wider, and to the portable form (<see cref="Blake3CompressScalar"/>) otherwise.
/// </summary>
internal static class Blake3Compress
{
    /// <summary>As <see cref="Blake3CompressScalar.CompressInPlace"/>.</summary>
    public static void CompressInPlace(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags)
    {
        if (UseRows)
        {
            Blake3CompressRows.CompressInPlace(ref cv, ref block, blockLen, counter, flags);
        }
        else
        {
            Blake3CompressScalar.CompressInPlace(ref cv, ref block, blockLen, counter, flags);
        }
    }

    /// <summary>As <see cref="Blake3CompressScalar.CompressBlocks"/>.</summary>
    public static void CompressBlocks(ref uint cv, ref byte blocks, int count, ulong counter, uint flags, uint firstFlags)
    {
        if (UseRows)
        {
            Blake3CompressRows.CompressBlocks(ref cv, ref blocks, count, counter, flags, firstFlags);
        }
        else
        {
            Blake3CompressScalar.CompressBlocks(ref cv, ref blocks, count, counter, flags, firstFlags);
        }
    }

    /// <summary>As <see cref="Blake3CompressScalar.CompressXof"/>.</summary>
    public static void CompressXof(ref uint cv, ref byte block, uint blockLen, ulong counter, uint flags, ref uint output)
    {
        if (UseRows)
        {
            Blake3CompressRows.CompressXof(ref cv, ref block, blockLen, counter, flags, ref output);
        }
        else
        {
            Blake3CompressScalar.CompressXof(ref cv, ref block, blockLen, counter, flags, ref output);
        }
    }

    private static bool UseRows => Blake3CompressRows.IsSupported && Blake3Dispatch.Active >= Blake3Backend.Vector256;
}

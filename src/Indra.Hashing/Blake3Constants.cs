namespace Indra.Hashing;

/// <summary>
/// Sizes and constants of BLAKE3 (paper §2.1, §2.2). Words are 32-bit little-endian.
/// </summary>
internal static class Blake3Constants
{
    /// <summary>Compression block length in bytes (16 words).</summary>
    public const int BlockLen = 64;

    /// <summary>Chunk length in bytes (16 blocks), the leaves of the hash tree.</summary>
    public const int ChunkLen = 1024;

    /// <summary>Key length in bytes (8 words).</summary>
    public const int KeyLen = 32;

    /// <summary>Chaining value / default output length in bytes (8 words).</summary>
    public const int OutLen = 32;

    /// <summary>Maximum tree depth for inputs up to 2^64 - 1 bytes (64 - 10).</summary>
    public const int MaxDepth = 54;

    /// <summary>Initialisation vector word 0 (shared with SHA-256 and BLAKE2s).</summary>
    public const uint IV0 = 0x6A09E667;

    /// <summary>Initialisation vector word 1.</summary>
    public const uint IV1 = 0xBB67AE85;

    /// <summary>Initialisation vector word 2.</summary>
    public const uint IV2 = 0x3C6EF372;

    /// <summary>Initialisation vector word 3.</summary>
    public const uint IV3 = 0xA54FF53A;

    /// <summary>Initialisation vector word 4.</summary>
    public const uint IV4 = 0x510E527F;

    /// <summary>Initialisation vector word 5.</summary>
    public const uint IV5 = 0x9B05688C;

    /// <summary>Initialisation vector word 6.</summary>
    public const uint IV6 = 0x1F83D9AB;

    /// <summary>Initialisation vector word 7.</summary>
    public const uint IV7 = 0x5BE0CD19;

    /// <summary>
    /// The message word order of each of the 7 rounds (16 bytes per round): round 1 takes words 0..15 in order and
    /// each later round applies the permutation P = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8] to the
    /// previous order (paper §2.2, table "Permutational key schedule"), so G step i of round r uses words
    /// <c>MessageSchedule[16r + 2i]</c> and <c>MessageSchedule[16r + 2i + 1]</c>.
    /// </summary>
    public static ReadOnlySpan<byte> MessageSchedule =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8,
        3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1,
        10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6,
        12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4,
        9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7,
        11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13,
    ];

    /// <summary>Writes the eight IV words (the key words of the plain hash mode) to <paramref name="destination"/>.</summary>
    public static void WriteIV(Span<uint> destination)
    {
        destination[0] = IV0;
        destination[1] = IV1;
        destination[2] = IV2;
        destination[3] = IV3;
        destination[4] = IV4;
        destination[5] = IV5;
        destination[6] = IV6;
        destination[7] = IV7;
    }
}

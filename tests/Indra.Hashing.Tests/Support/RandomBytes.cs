namespace Indra.Hashing.Tests.Support;

/// <summary>Seeded random data, so that failures reproduce from the seed in the test name.</summary>
public static class RandomBytes
{
    /// <summary>Fixed seeds for property-style tests.</summary>
    public static readonly int[] Seeds = [1, 2, 3, 42, 2024];

    /// <summary><paramref name="length"/> random bytes from <paramref name="random"/>.</summary>
    public static byte[] Next(Random random, int length)
    {
        byte[] data = new byte[length];
        random.NextBytes(data);
        return data;
    }

    /// <summary>Lengths around chunk (1024), leaf-group (64 KiB) and stream-buffer (4 MiB) boundaries.</summary>
    public static readonly int[] BoundaryLengths =
    [
        0, 1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2049, 3072, 3073, 4095, 4096, 4097, 8191, 8192, 8193,
        16383, 16384, 16385, 31744, 65535, 65536, 65537, 131071, 131072, 131073, 262143, 262144, 262145, 1048575,
        1048576, 1048577, 3 * 1048576 - 1, 3 * 1048576,
    ];
}

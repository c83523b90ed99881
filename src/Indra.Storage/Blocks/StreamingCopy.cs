using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Indra.Storage.Blocks;

/// <summary>
/// Copies a block's bytes into an aligned buffer that the CPU will not read again soon (a block queued for a direct
/// write: the disk reads it by DMA) with non-temporal stores (x86 <c>MOVNTDQ</c>, Intel SDM vol. 2B): the destination's
/// cache lines are not read from memory first nor left in the cache, where an ordinary copy (glibc's memmove below its
/// non-temporal threshold of several MiB) reads each line it writes. Elsewhere (no AVX-512, arm64, a destination not
/// aligned to 64 bytes) it is an ordinary copy. The stores are fenced (<c>SFENCE</c>) before it returns, so another
/// thread that is handed the buffer afterwards sees every byte.
/// </summary>
internal static unsafe class StreamingCopy
{
    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="source"/> (any alignment) to
    /// <paramref name="destination"/> (best at a multiple of 64 bytes); the ranges must not overlap.</summary>
    public static void Copy(byte* source, byte* destination, int length)
    {
        var done = 0;
        if (Avx512F.IsSupported && (nint)destination % 64 == 0)
        {
            for (; done + 256 <= length; done += 256)
            {
                var a = Vector512.Load(source + done);
                var b = Vector512.Load(source + done + 64);
                var c = Vector512.Load(source + done + 128);
                var d = Vector512.Load(source + done + 192);
                Avx512F.StoreAlignedNonTemporal(destination + done, a);
                Avx512F.StoreAlignedNonTemporal(destination + done + 64, b);
                Avx512F.StoreAlignedNonTemporal(destination + done + 128, c);
                Avx512F.StoreAlignedNonTemporal(destination + done + 192, d);
            }
            Sse.StoreFence();
        }
        if (done < length) Buffer.MemoryCopy(source + done, destination + done, length - done, length - done);
    }
}

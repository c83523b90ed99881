using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct timespec</c> on 64-bit Linux (x86_64 and aarch64): 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Whole seconds since the Unix epoch.</summary>
    public long TvSec;

    /// <summary>Nanoseconds, 0 to 999,999,999.</summary>
    public long TvNsec;

    /// <summary>Splits UTC nanoseconds since the epoch into seconds and a non-negative nanosecond part.</summary>
    public static Timespec FromNanoseconds(long nanoseconds)
    {
        long seconds = Math.DivRem(nanoseconds, NanosecondsPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += NanosecondsPerSecond;
        }
        return new Timespec { TvSec = seconds, TvNsec = remainder };
    }

    /// <summary>UTC nanoseconds since the epoch, saturated to the range of <see cref="long"/>.</summary>
    public readonly long ToNanoseconds()
    {
        Int128 total = (Int128)TvSec * NanosecondsPerSecond + TvNsec;
        return total > long.MaxValue ? long.MaxValue : total < long.MinValue ? long.MinValue : (long)total;
    }
}

using System.Globalization;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// When libfuse 3.14 really splices a reply given as a file range (<c>fuse_reply_data</c>, lib/fuse_lowlevel.c
/// <c>fuse_send_data_iov</c>), so that the read callback sends a range only where it saves a copy: the connection
/// wants <c>FUSE_CAP_SPLICE_WRITE</c> and speaks protocol 7.14 or later, the data is at least two pages (below that
/// libfuse copies it into a buffer it allocates, which costs more than the byte path), and the per-thread pipe can hold
/// the header, three pages of slack and the data. libfuse grows that pipe with <c>F_SETPIPE_SZ</c>, which above
/// <c>/proc/sys/fs/pipe-max-size</c> needs <c>CAP_SYS_RESOURCE</c> (pipe(7)); a reply that does not fit falls back
/// to a buffer libfuse allocates per reply, so such replies keep the byte path.
/// </summary>
internal static unsafe class SplicedReplies
{
    /// <summary><c>sizeof(struct fuse_out_header)</c>, which shares the pipe with the data.</summary>
    private const int HeaderSize = 16;

    /// <summary><c>CAP_SYS_RESOURCE</c>'s bit in <c>/proc/self/status</c> <c>CapEff</c> (capability.h).</summary>
    private const int CapSysResource = 24;

    /// <summary>Smallest reply libfuse splices: two pages.</summary>
    public static int Smallest => 2 * Environment.SystemPageSize;

    /// <summary>Whether the negotiated <paramref name="connection"/> lets libfuse splice replies.</summary>
    public static bool Negotiated(FuseConnInfo* connection) =>
        (connection->ProtoMajor > 7 || (connection->ProtoMajor == 7 && connection->ProtoMinor >= 14))
        && (connection->Want & FuseCapabilities.SpliceWrite) != 0;

    /// <summary>
    /// The largest data libfuse can splice in one reply: unbounded with <c>CAP_SYS_RESOURCE</c>, else what a pipe of
    /// <c>pipe-max-size</c> bytes holds besides the header and libfuse's slack of three pages.
    /// </summary>
    public static int Largest()
    {
        if (HasEffectiveCapability(CapSysResource)) return int.MaxValue;
        var pipeMax = ReadNumber("/proc/sys/fs/pipe-max-size");
        return pipeMax is > 0 ? (int)Math.Max(0, Math.Min(int.MaxValue, pipeMax.Value - (3 * Environment.SystemPageSize) - HeaderSize)) : 0;
    }

    /// <summary>
    /// The <c>max_read</c> that keeps every READ request spliceable when <see cref="Largest"/> is below
    /// <paramref name="maxWrite"/> (no <c>CAP_SYS_RESOURCE</c>: with a <c>pipe-max-size</c> of 1 MiB a 1 MiB reply
    /// never fits): the largest power of two within it, so the kernel's readahead requests stay aligned to the blocks.
    /// 0 (no limit: READs as long as <paramref name="maxWrite"/>) when every reply fits, or when the limit would be
    /// below 128 KiB (the kernel's own default readahead).
    /// </summary>
    public static int MaxRead(uint maxWrite)
    {
        var largest = Largest();
        if (largest >= maxWrite) return 0;
        var power = largest <= 0 ? 0 : 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)largest));
        return power >= 128 << 10 ? power : 0;
    }

    private static bool HasEffectiveCapability(int bit)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("CapEff:", StringComparison.Ordinal)) continue;
                return ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) && (mask & (1UL << bit)) != 0;
            }
        }
        catch (IOException)
        {
        }
        return false;
    }

    private static long? ReadNumber(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

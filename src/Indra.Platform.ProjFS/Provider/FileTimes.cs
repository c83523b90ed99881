namespace Indra.Platform.ProjFS.Provider;

/// <summary>Converts vault times (UTC nanoseconds since 1970) to Windows FILETIMEs (100-ns ticks since 1601 UTC).</summary>
internal static class FileTimes
{
    /// <summary>FILETIME of 1970-01-01T00:00:00Z.</summary>
    public const long UnixEpochFileTime = 116_444_736_000_000_000;

    /// <summary>The FILETIME for <paramref name="unixNanoseconds"/>; 0 stays 0 (ProjFS then uses the current time).</summary>
    public static long FromUnixNanoseconds(long unixNanoseconds) =>
        unixNanoseconds == 0 ? 0 : (unixNanoseconds / 100) + UnixEpochFileTime;
}

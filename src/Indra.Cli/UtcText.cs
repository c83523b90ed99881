using System.Globalization;

namespace Indra.Cli;

/// <summary>UTC times as the CLI prints them.</summary>
internal static class UtcText
{
    /// <summary><paramref name="ns"/> (UTC nanoseconds since the Unix epoch) as ISO 8601 to the second, e.g. <c>2026-12-31T23:00:00Z</c>.</summary>
    public static string FromNanoseconds(long ns) =>
        new DateTime(DateTime.UnixEpoch.Ticks + ns / 100, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary><paramref name="time"/> as ISO 8601 UTC to the second, as <see cref="FromNanoseconds"/>.</summary>
    public static string From(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Indra.Cli.Terminal;

/// <summary>
/// A window's start as the CLI takes it (<c>--since</c>): an age before now, a whole number with a unit
/// (<c>90s</c>, <c>15m</c>, <c>12h</c>, <c>7d</c>, <c>2w</c>), or an ISO 8601 time (UTC unless it has an offset).
/// </summary>
internal static class SinceText
{
    /// <summary>The time <paramref name="text"/> names, relative to <paramref name="now"/>.</summary>
    /// <exception cref="CliException">Neither form.</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && long.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            TimeSpan? unit = trimmed[^1] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                'w' => TimeSpan.FromDays(7),
                _ => null,
            };
            if (unit is { } step && count <= 100 * 365) return now - step * count;
        }
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)) return at;
        throw new CliException($"--since '{text}' is neither an age (90s, 15m, 12h, 7d, 2w) nor a time (2026-12-01T00:00:00Z)");
    }
}

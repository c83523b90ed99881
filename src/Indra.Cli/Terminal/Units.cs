using System.Globalization;

namespace Indra.Cli.Terminal;

/// <summary>Sizes, heats and ages as the terminal views print them.</summary>
internal static class Units
{
    private static readonly string[] Prefixes = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary><paramref name="bytes"/> in binary units: "512 B", "1.5 KiB", "20 MiB".</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Prefixes.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + Prefixes[unit];
    }

    /// <summary>A heat (or a sum of heats) to two decimals.</summary>
    public static string Heat(double heat) => heat.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>How long before <paramref name="now"/> <paramref name="at"/> was: "12 s ago", "3 min ago", "5 h ago",
    /// "2 d ago"; "never" for null.</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } when) return "never";
        var age = now - when;
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds} s ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} d ago";
    }
}

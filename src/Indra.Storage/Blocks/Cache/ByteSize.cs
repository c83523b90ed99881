using System.Globalization;

namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// Sizes in bytes as people type them: a whole number with an optional binary suffix K, M, G or T (powers of 1024),
/// which may be followed by <c>iB</c> or <c>B</c> (<c>512M</c>, <c>10G</c>, <c>10GiB</c> and <c>1048576</c> all parse).
/// </summary>
public static class ByteSize
{
    /// <summary>Parses <paramref name="text"/> into bytes.</summary>
    /// <exception cref="FormatException">Not a size, negative, or larger than <see cref="long.MaxValue"/> bytes.</exception>
    public static long Parse(string text)
    {
        if (TryParse(text, out var bytes)) return bytes;
        throw new FormatException($"'{text}' is not a size in bytes (a whole number, optionally followed by K, M, G or T: 10G)");
    }

    /// <summary>Parses <paramref name="text"/> into bytes; false when it is not a size.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) s = s[..^2];
        else if (s.Length > 1 && char.IsLetter(s[^2]) && (s[^1] is 'B' or 'b')) s = s[..^1];
        var shift = char.ToUpperInvariant(s.Length > 0 ? s[^1] : ' ') switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => 0,
        };
        if (shift > 0) s = s[..^1];
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return false;
        if (number > long.MaxValue >> shift) return false;
        bytes = number << shift;
        return true;
    }

    /// <summary>Bytes for people: <c>10.0 GiB</c>, <c>512.0 MiB</c>, <c>900 bytes</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}

using System.Globalization;
using System.Text;

namespace Indra.Sharing;

/// <summary>
/// Strings a peer supplied (modes, names, ids, error texts), made safe for a log line, an error message,
/// <c>peers.json</c> or the offers list: at most <see cref="MaxLength"/> characters kept, every control character
/// (newlines included) and lone surrogate written as <c>\uXXXX</c>, and a cut marked with "…".
/// </summary>
public static class PeerText
{
    /// <summary>Most characters of a peer's string kept (before escaping).</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// <paramref name="text"/> bounded to <paramref name="maxLength"/> characters with control characters escaped;
    /// "" for null.
    /// </summary>
    public static string Bound(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var cut = text.Length > maxLength;
        var kept = cut ? text[..maxLength] : text;
        var builder = new StringBuilder(kept.Length + 8);
        for (var i = 0; i < kept.Length; i++)
        {
            var c = kept[i];
            if (char.IsHighSurrogate(c) && i + 1 < kept.Length && char.IsLowSurrogate(kept[i + 1]))
            {
                builder.Append(c).Append(kept[++i]);
                continue;
            }
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        if (cut) builder.Append('…');
        return builder.ToString();
    }
}

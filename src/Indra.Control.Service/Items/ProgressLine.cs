using System.Globalization;
using System.Text.RegularExpressions;
using Indra.Control.Model;

namespace Indra.Control.Service.Items;

/// <summary>
/// Reads the engine's progress lines (<c>fsck: blocks 1000/5000 (...)</c>, <c>fsck: leaves 10000/20000</c>,
/// <c>gc: 10000 blocks examined, 3 reclaimed</c>) as <see cref="MaintenanceProgress"/>.
/// </summary>
public static partial class ProgressLine
{
    /// <summary>The progress <paramref name="line"/> tells; a line of another shape is a phase of its own text with no count.</summary>
    public static MaintenanceProgress Parse(string line)
    {
        if (Fraction().Match(line) is { Success: true } fraction)
        {
            return new(fraction.Groups[1].Value, Count(fraction.Groups[2].Value), Count(fraction.Groups[3].Value));
        }
        if (Examined().Match(line) is { Success: true } examined) return new("sweep", Count(examined.Groups[1].Value), null);
        return new(line, 0, null);
    }

    private static long Count(string digits) => long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\w+: (\w+) (\d+)/(\d+)")]
    private static partial Regex Fraction();

    [GeneratedRegex(@"^gc: (\d+) blocks examined")]
    private static partial Regex Examined();
}

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>
/// The emulator's own file-name order, written independently of the host's PrjFileNameCompare stand-in so that
/// the emulator's ordering check is not circular. It follows how NTFS compares names (the $UpCase table applied per
/// UTF-16 code unit, then an unsigned code-unit comparison, a shorter prefix first): ASCII letters are upper-cased by
/// arithmetic, other code units with <see cref="char.ToUpperInvariant"/> one at a time, so surrogate halves stay as
/// they are (NTFS knows no supplementary-plane case pairs) where .NET's OrdinalIgnoreCase folds whole code points.
/// </summary>
public sealed class EmulatedNameOrder : IComparer<string>, IEqualityComparer<string>
{
    /// <summary>The single instance.</summary>
    public static EmulatedNameOrder Instance { get; } = new();

    /// <summary>&lt;0, 0 or &gt;0.</summary>
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            int a = UpCase(x[i]);
            int b = UpCase(y[i]);
            if (a != b)
            {
                return a - b;
            }
        }

        return x.Length - y.Length;
    }

    /// <summary>True for the same name.</summary>
    public bool Equals(string? x, string? y) => Compare(x, y) == 0;

    /// <summary>A hash of the upper-cased code units.</summary>
    public int GetHashCode(string obj)
    {
        var hash = new HashCode();
        foreach (var c in obj)
        {
            hash.Add(UpCase(c));
        }

        return hash.ToHashCode();
    }

    private static char UpCase(char c) => c switch
    {
        >= 'a' and <= 'z' => (char)(c - ('a' - 'A')),
        < (char)0x80 => c,
        _ when char.IsSurrogate(c) => c,
        _ => char.ToUpperInvariant(c),
    };
}

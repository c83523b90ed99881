namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// The managed stand-in for <c>PrjFileNameCompare</c> (projfs.md §8): ordinal comparison after upper-casing each
/// UTF-16 code unit, which is <see cref="StringComparison.OrdinalIgnoreCase"/>. So "aB" sorts before "a_b" ('B' 0x42
/// &lt; '_' 0x5F), "file10" before "file9" (no natural numbers), and "Foo" equals "foo". Non-ASCII names follow .NET's
/// casing tables, which may differ from NTFS's $UpCase table (verifiable only on Windows).
/// </summary>
internal sealed class ProjFsNameComparer : IComparer<string>, IEqualityComparer<string>
{
    /// <summary>The single instance.</summary>
    public static ProjFsNameComparer Instance { get; } = new();

    /// <summary>Compares like PrjFileNameCompare: &lt;0, 0 or &gt;0.</summary>
    public int Compare(string? x, string? y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the names are the same file name on Windows.</summary>
    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    /// <summary>A hash consistent with <see cref="Equals(string?, string?)"/>.</summary>
    public int GetHashCode(string obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj);
}

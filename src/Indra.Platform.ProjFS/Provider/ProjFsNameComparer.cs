namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// File-name order and equality as ProjFS wants them (projfs.md §8). <see cref="Managed"/> is the managed stand-in
/// for <c>PrjFileNameCompare</c>: ordinal comparison after upper-casing each UTF-16 code unit, which is
/// <see cref="StringComparison.OrdinalIgnoreCase"/>. So "aB" sorts before "a_b" ('B' 0x42 &lt; '_' 0x5F), "file10"
/// before "file9" (no natural numbers), and "Foo" equals "foo". Non-ASCII names follow .NET's casing tables, which may
/// differ from NTFS's $UpCase table. <see cref="Instance"/> is what the provider uses: the stand-in, or on Windows
/// the native PrjFileNameCompare once <see cref="NameRules.Select"/> has chosen it.
/// </summary>
internal sealed class ProjFsNameComparer : IComparer<string>, IEqualityComparer<string>
{
    private readonly Func<string, string, int> _compare;

    private ProjFsNameComparer(Func<string, string, int> compare, bool isNative)
    {
        _compare = compare;
        IsNative = isNative;
    }

    /// <summary>The managed stand-in.</summary>
    public static ProjFsNameComparer Managed { get; } = new((x, y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase), isNative: false);

    /// <summary>The comparer in use (the stand-in unless the native function was selected).</summary>
    public static ProjFsNameComparer Instance { get; private set; } = Managed;

    /// <summary>True when this comparer calls PrjFileNameCompare.</summary>
    public bool IsNative { get; }

    /// <summary>Makes <paramref name="compare"/> (PrjFileNameCompare) the comparer in use for the whole process.</summary>
    public static void UseNative(Func<string, string, int> compare) => Instance = new ProjFsNameComparer(compare, isNative: true);

    /// <summary>Compares like PrjFileNameCompare: &lt;0, 0 or &gt;0 (null sorts first).</summary>
    public int Compare(string? x, string? y) => x is null || y is null ? (x is null ? (y is null ? 0 : -1) : 1) : _compare(x, y);

    /// <summary>True when the names are the same file name on Windows.</summary>
    public bool Equals(string? x, string? y) => Compare(x, y) == 0;

    /// <summary>A hash consistent with <see cref="Equals(string?, string?)"/>: for the native function only the length
    /// (the $UpCase table maps code unit to code unit, so equal names have equal lengths).</summary>
    public int GetHashCode(string obj) => IsNative ? obj.Length : StringComparer.OrdinalIgnoreCase.GetHashCode(obj);
}

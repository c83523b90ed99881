namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Compares a PrjFileNameCompare/PrjFileNameMatch implementation with the managed stand-ins
/// (<see cref="ProjFsNameComparer.Managed"/>, <see cref="ProjFsNameMatcher.IsManagedMatch"/>) over a fixed sample:
/// ASCII names whose order and matches projfs.md §8 documents (the core) and non-ASCII names where .NET's casing
/// tables and NTFS's $UpCase table may part (dotless i, long s, sharp s, title-case digraphs, ligatures, Greek,
/// Cyrillic, a surrogate pair).
/// </summary>
internal static class NameRulesSelfCheck
{
    /// <summary>ASCII names: their order is documented, so every implementation must agree on it.</summary>
    public static readonly string[] CoreNames =
        ["1", "a", "A", "aB", "a_b", "a.txt", "A.TXT", "a~1", "b", "B", "file9", "file10", "Zeta", "_x", "~", "abc", "abcd"];

    /// <summary>Non-ASCII names where the casing tables may differ.</summary>
    public static readonly string[] ExtendedNames =
        ["é", "É", "ß", "SS", "ı", "I", "i", "ſ", "S", "Ω", "ω", "Я", "я", "ǅ", "ǆ", "Ǆ", "ﬀ", "FF", "\uD801\uDC00", "\uD801\uDC28", "\uF03A", "Ä", "ä"];

    /// <summary>(name, kernel-form pattern) pairs for PrjFileNameMatch; the first block is the core.</summary>
    public static readonly (string Name, string Pattern, bool Core)[] Matches =
    [
        ("a.txt", "*.txt", true), ("A.TXT", "*.txt", true), ("a.txt", "*.doc", true), ("ab", "a?", true), ("abc", "a?", true),
        ("a.b.c", "<.c", true), ("readme", "readme\"*", true), ("x.md", "x>md", true), ("file10", "file?0", true),
        ("É.txt", "é*", false), ("straße", "STRASSE", false), ("ı", "I", false),
    ];

    /// <summary>Every disagreement between the given functions and the stand-ins, one line each.</summary>
    /// <param name="compare">The PrjFileNameCompare candidate.</param>
    /// <param name="match">The PrjFileNameMatch candidate (name, pattern).</param>
    /// <param name="coreOnly">Check only the documented ASCII core.</param>
    public static IReadOnlyList<string> Disagreements(Func<string, string, int> compare, Func<string, string, bool> match, bool coreOnly = false)
    {
        var found = new List<string>();
        var names = coreOnly ? CoreNames : [.. CoreNames, .. ExtendedNames];
        foreach (var x in names)
        {
            foreach (var y in names)
            {
                var expected = Math.Sign(ProjFsNameComparer.Managed.Compare(x, y));
                var actual = Math.Sign(compare(x, y));
                if (expected != actual)
                {
                    found.Add($"compare('{Show(x)}', '{Show(y)}') = {actual}, the stand-in says {expected}");
                }
            }
        }

        foreach (var (name, pattern, core) in Matches)
        {
            if (coreOnly && !core)
            {
                continue;
            }

            var expected = ProjFsNameMatcher.IsManagedMatch(name, pattern);
            var actual = match(name, pattern);
            if (expected != actual)
            {
                found.Add($"match('{Show(name)}', '{Show(pattern)}') = {actual}, the stand-in says {expected}");
            }
        }

        return found;
    }

    private static string Show(string name) =>
        string.Concat(name.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}

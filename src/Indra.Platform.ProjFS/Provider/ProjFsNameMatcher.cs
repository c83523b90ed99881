using System.IO.Enumeration;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// The managed stand-ins for <c>PrjFileNameMatch</c> and <c>PrjDoesNameContainWildCards</c> (projfs.md §8). ProjFS
/// passes search expressions already in kernel form (Win32 has turned "*.*" into "*" and "?" into "&gt;"), so they are
/// matched as given with RtlIsNameInExpression rules, case-insensitively: '*' any run, '?' one character, '&lt;'
/// (DOS_STAR), '&gt;' (DOS_QM), '"' (DOS_DOT). A null or empty expression matches every name.
/// </summary>
internal static class ProjFsNameMatcher
{
    private static readonly char[] Wildcards = ['*', '?', '<', '>', '"'];

    /// <summary>True when <paramref name="name"/> matches <paramref name="expression"/>.</summary>
    public static bool IsMatch(string name, string? expression)
    {
        if (string.IsNullOrEmpty(expression) || expression == "*")
        {
            return true;
        }

        if (!ContainsWildcards(expression))
        {
            return string.Equals(name, expression, StringComparison.OrdinalIgnoreCase);
        }

        return FileSystemName.MatchesWin32Expression(expression, name, ignoreCase: true);
    }

    /// <summary>True when <paramref name="name"/> contains any of <c>* ? &lt; &gt; "</c>.</summary>
    public static bool ContainsWildcards(string name) => name.AsSpan().IndexOfAny(Wildcards) >= 0;
}

using System.IO.Enumeration;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// <c>PrjFileNameMatch</c> and <c>PrjDoesNameContainWildCards</c> (projfs.md §8). The managed stand-in
/// (<see cref="IsManagedMatch"/>): ProjFS passes search expressions already in kernel form (Win32 has turned "*.*"
/// into "*" and "?" into "&gt;"), so they are matched as given with RtlIsNameInExpression rules, case-insensitively:
/// '*' any run, '?' one character, '&lt;' (DOS_STAR), '&gt;' (DOS_QM), '"' (DOS_DOT). A null or empty expression
/// matches every name. On Windows, once <see cref="NameRules.Select"/> chose it, the native PrjFileNameMatch decides
/// every expression that has wildcards.
/// </summary>
internal static class ProjFsNameMatcher
{
    private static readonly char[] Wildcards = ['*', '?', '<', '>', '"'];
    private static Func<string, string, bool>? _native;

    /// <summary>True when the native PrjFileNameMatch is in use.</summary>
    public static bool IsNative => _native is not null;

    /// <summary>Makes <paramref name="match"/> (PrjFileNameMatch: name, pattern) the matcher in use for the whole process.</summary>
    public static void UseNative(Func<string, string, bool> match) => _native = match;

    /// <summary>True when <paramref name="name"/> matches <paramref name="expression"/>.</summary>
    public static bool IsMatch(string name, string? expression)
    {
        if (string.IsNullOrEmpty(expression) || expression == "*")
        {
            return true;
        }

        return _native is { } native && ContainsWildcards(expression) ? native(name, expression) : IsManagedMatch(name, expression);
    }

    /// <summary>The managed stand-in for PrjFileNameMatch.</summary>
    public static bool IsManagedMatch(string name, string? expression)
    {
        if (string.IsNullOrEmpty(expression) || expression == "*")
        {
            return true;
        }

        if (!ContainsWildcards(expression))
        {
            return ProjFsNameComparer.Instance.Equals(name, expression);
        }

        return FileSystemName.MatchesWin32Expression(expression, name, ignoreCase: true);
    }

    /// <summary>True when <paramref name="name"/> contains any of <c>* ? &lt; &gt; "</c>.</summary>
    public static bool ContainsWildcards(string name) => name.AsSpan().IndexOfAny(Wildcards) >= 0;
}

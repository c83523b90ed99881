namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// Names are bytes: spaces, control characters, newlines, bytes that are not UTF-8, the two Unicode spellings of
/// "é" (which must stay two names), case, dots and characters other systems reserve, multi-byte names at the
/// 255-byte limit; each created, stat'ed, renamed, linked and listed, and used as a symlink target.
/// </summary>
internal static class NameCases
{
    /// <summary>Script spellings (\xHH is a byte).</summary>
    private static readonly string[] Names =
    [
        "a\\x20b", "tab\\x09", "new\\x0aline", "\\xff\\xfe", "\\xc3\\xa9", "e\\xcc\\x81", "A", "a", ".hidden", "...", "-", "trailing.",
        "trailing\\x20", "con", "star*q?lt<gt>pipe|colon:quote\\x22", "\\x01ctl", "\\xf0\\x9f\\x98\\x80", "%25", "#", "back\\x5cslash",
        "comma\\x2c", string.Concat(Enumerable.Repeat("\\xe2\\x82\\xac", 85)), string.Concat(Enumerable.Repeat("\\xe2\\x82\\xac", 86)),
    ];

    public static IEnumerable<Script> Scripts(Actor actor)
    {
        var script = new Script($"names-{actor}").Call("mkdir w 0777").Call("chmod w 0777");
        yield return script.As(actor, s =>
        {
            for (int i = 0; i < Names.Length; i++)
            {
                string name = $"w/{Names[i]}";
                s.Call([$"open 1 {name} O_CREAT|O_EXCL|O_WRONLY 0644", $"write 1 n{i}", "close 1", $"stat {name}", $"content {name}"]);
                s.Call([$"mkdir w/d{i} 0755", $"rename {name} w/d{i}/{Names[i]} 0", $"link w/d{i}/{Names[i]} {name}", $"symlink {Names[i]} w/l{i}", $"readlink w/l{i}", $"stat w/l{i}"]);
                s.Call([$"list w/d{i}", $"mkdir w/d{i}/{Names[i]}.dir 0755", $"unlink w/d{i}/{Names[i]}"]);
            }
            s.Call("list w");
        });
    }
}

namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// EACCES and EPERM from directory permissions: every call an unprivileged user makes in a directory of each mode
/// (owner-, group- and other-only bits, read-only, search-only, write-without-search), with and without membership of
/// the directory's group; search permission on a path component; and the sticky directory.
/// </summary>
internal static class PermissionCases
{
    private static readonly string[] DirectoryModes = ["0700", "0500", "0300", "0100", "0070", "0050", "0030", "0007", "0005", "0003", "0001", "0000", "0777"];

    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return Directories(actor);
        yield return Sticky(actor);
    }

    private static Script Directories(Actor actor) =>
        InModeDirectories($"directory-modes-{actor}", actor, CallsIn).Call(DirectoryModes.Select(mode => $"lstat p{mode}/f"));

    /// <summary>
    /// Root makes <c>pMODE</c> for every mode (group 4242, holding a file <c>f</c> and a 0777 directory <c>sub</c>), the
    /// actor makes <paramref name="calls"/> in each, then root lists each.
    /// </summary>
    public static Script InModeDirectories(string name, Actor actor, Func<string, IEnumerable<string>> calls)
    {
        var script = new Script(name);
        foreach (string mode in DirectoryModes)
        {
            string p = $"p{mode}";
            script.Call($"mkdir {p} 0755")
                .Call($"open 0 {p}/f O_CREAT|O_WRONLY 0666").Call("write 0 data").Call("close 0").Call($"chmod {p}/f 0666")
                .Call($"mkdir {p}/sub 0777").Call($"chmod {p}/sub 0777").Call($"open 0 {p}/sub/g O_CREAT|O_WRONLY 0666").Call("close 0")
                .Call($"chown {p} 0 {Actor.Group}").Call($"chmod {p} {mode}");
        }
        script.As(actor, s =>
        {
            foreach (string mode in DirectoryModes) s.Call(calls($"p{mode}"));
        });
        return script.Call(DirectoryModes.Select(mode => $"list p{mode}"));
    }

    /// <summary>Reads first, then creations, then removals, so each call meets the directory as root left it where it can.</summary>
    private static IEnumerable<string> CallsIn(string p) =>
    [
        $"access {p} R", $"access {p} W", $"access {p} X", $"list {p}", $"stat {p}/f", $"stat {p}/absent", $"access {p}/f R",
        $"open 1 {p}/f O_RDONLY", "close 1", $"open 1 {p}/f O_WRONLY|O_APPEND", "close 1",
        $"stat {p}/sub/g", $"open 1 {p}/sub/h O_CREAT|O_WRONLY 0644", "close 1", $"list {p}/sub",
        $"open 1 {p}/new O_CREAT|O_WRONLY 0644", "close 1", $"mkdir {p}/newdir 0755", $"symlink f {p}/newlink",
        $"link {p}/f {p}/hard",
        $"utimens {p}/f NOW NOW", $"truncate {p}/f 2",
        $"rename {p}/f {p}/renamed 0", $"rename {p}/renamed {p}/f 0", $"rename {p}/sub {p}/sub2 0",
        $"unlink {p}/f", $"rmdir {p}/sub2", $"rmdir {p}/sub",
    ];

    /// <summary>
    /// A sticky 1777 directory of root's holding root's and the actor's entries, and a sticky directory the actor owns
    /// holding root's entries: only the owner of the entry or of the directory (or root) may remove or rename it.
    /// </summary>
    private static Script Sticky(Actor actor)
    {
        var script = new Script($"sticky-{actor}").Call("mkdir t 0777").Call("chmod t 1777").Call("mkdir u 0777").Call("chmod u 1777")
            .Call($"chown u {actor.Uid} {actor.Gid}");
        string[] names = ["t/root", "t/root2", "t/rootdir", "t/mine", "t/mine2", "u/root", "u/root2", "u/rootdir"];
        foreach (string name in names)
        {
            script.Call(name.EndsWith("dir", StringComparison.Ordinal) ? [$"mkdir {name} 0777"] : [$"open 0 {name} O_CREAT|O_WRONLY 0666", "close 0", $"chmod {name} 0666"]);
            if (name.StartsWith("t/mine", StringComparison.Ordinal)) script.Call($"chown {name} {actor.Uid} {actor.Gid}");
        }
        script.As(actor, s => s.Call(
        [
            "unlink t/root", "rename t/root2 t/taken 0", "rmdir t/rootdir", "link t/root t/hard", "open 1 t/root O_WRONLY|O_TRUNC", "close 1",
            "open 1 t/root O_CREAT|O_WRONLY 0644", "close 1", "chmod t/root 0600", "utimens t/root NOW NOW",
            "unlink t/mine", "rename t/mine2 t/mine3 0", "rename t/mine3 t/root 0",
            "unlink u/root", "rename u/root2 u/taken 0", "rmdir u/rootdir",
            "open 1 t/new O_CREAT|O_EXCL|O_WRONLY 0644", "close 1", "unlink t/new",
        ]));
        return script.Call("list t").Call("list u").Call("lstat t/root").Call("lstat t/mine3");
    }
}

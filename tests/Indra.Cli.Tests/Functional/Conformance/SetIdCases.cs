namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// Set-group-ID directories pass their group (and, to subdirectories, the bit) to what is created in them; set-ID bits
/// are cleared on write, truncate and chown by an unprivileged user (and on chown by root), and a chmod or a create
/// that asks for S_ISGID outside the caller's groups loses it.
/// </summary>
internal static class SetIdCases
{
    private static readonly string[] Modes = ["6755", "6745", "4755", "2755", "2745", "6777", "2666", "4666"];

    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return Inheritance(actor);
        yield return Clearing(actor);
        yield return ChmodOutsideGroups(actor);
    }

    /// <summary>A script whose root part makes <c>g</c>: mode 2777, group 4242.</summary>
    public static Script InSetGidDirectory(string name) =>
        new Script(name).Call("mkdir g 0777").Call($"chown g 0 {Actor.Group}").Call("chmod g 2777").Call("stat g");

    private static Script Inheritance(Actor actor) =>
        InSetGidDirectory($"setgid-directory-{actor}").As(actor, s => s.Call(
        [
            "open 1 g/file O_CREAT|O_WRONLY 0644", "close 1", "stat g/file",
            "open 1 g/sgidfile O_CREAT|O_WRONLY 2755", "close 1", "stat g/sgidfile",
            "mkdir g/dir 0755", "stat g/dir", "mkdir g/dir/nested 0700", "stat g/dir/nested",
            "open 1 g/dir/nested/deep O_CREAT|O_WRONLY 0600", "close 1", "stat g/dir/nested/deep",
            "symlink file g/link", "lstat g/link", "mknod g/regular reg 0644", "lstat g/regular",
        ]));

    /// <summary>Files the actor owns (and one of root's that anyone may write), each with a set-ID mode, each touched once.</summary>
    private static Script Clearing(Actor actor)
    {
        var script = new Script($"setid-clearing-{actor}");
        Touch[] touches =
        [
            new("write", "open 1 {} O_WRONLY", "write 1 more", "close 1"),
            new("append", "open 1 {} O_WRONLY|O_APPEND", "write 1 more", "close 1"),
            new("trunc-open", "open 1 {} O_WRONLY|O_TRUNC", "close 1"),
            new("truncate", "truncate {} 1"),
            new("ftruncate", "open 1 {} O_RDWR", "ftruncate 1 2", "close 1"),
            new("chown-group", "chown {} -1 " + actor.Gid),
            new("chown-same", "chown {} " + actor.Uid + " -1"),
            new("chmod", "chmod {} 6755"),
            new("read", "open 1 {} O_RDONLY", "read 1 4", "close 1"),
        ];
        var files = new List<string>();
        foreach (string mode in Modes)
        {
            foreach (var touch in touches)
            {
                string file = $"f{mode}-{touch.Name}";
                files.Add(file);
                script.Call($"open 0 {file} O_CREAT|O_WRONLY 0644").Call("write 0 data").Call("close 0")
                    .Call($"chown {file} {actor.Uid} {actor.Gid}").Call($"chmod {file} {mode}");
            }
        }
        script.Call("mkdir sd 0755").Call($"chown sd {actor.Uid} {actor.Gid}").Call("chmod sd 6755");
        foreach (string mode in new[] { "6777", "2777", "2767" })
        {
            script.Call($"open 0 root{mode} O_CREAT|O_WRONLY 0644").Call("close 0").Call($"chmod root{mode} {mode}");
        }
        script.As(actor, s =>
        {
            int i = 0;
            foreach (string mode in Modes)
            {
                foreach (var touch in touches)
                {
                    string file = files[i++];
                    s.Call(touch.Calls.Select(call => call.Replace("{}", file, StringComparison.Ordinal))).Call($"stat {file}");
                }
            }
            s.Call($"chown sd -1 {actor.Gid}").Call("stat sd");
            foreach (string mode in new[] { "6777", "2777", "2767" })
            {
                s.Call($"open 1 root{mode} O_WRONLY").Call("write 1 more").Call("close 1").Call($"stat root{mode}");
            }
        });
        return script;
    }

    /// <summary>chmod g+s, and create with S_ISGID, by an owner outside the file's group: the bit is dropped silently.</summary>
    private static Script ChmodOutsideGroups(Actor actor)
    {
        var script = new Script($"setgid-outside-groups-{actor}").Call("mkdir d 0777").Call("chmod d 0777");
        foreach (string group in Groups(actor))
        {
            script.Call($"open 0 d/f{group} O_CREAT|O_WRONLY 0644").Call("close 0").Call($"chown d/f{group} {actor.Uid} {group}");
            script.Call($"mkdir d/d{group} 0755").Call($"chown d/d{group} {actor.Uid} {group}");
        }
        return script.As(actor, s =>
        {
            foreach (string group in Groups(actor))
            {
                s.Call($"chmod d/f{group} 2755").Call($"stat d/f{group}").Call($"chmod d/d{group} 3777").Call($"stat d/d{group}");
                s.Call($"open 1 d/d{group}/created O_CREAT|O_WRONLY 2755").Call("close 1").Call($"stat d/d{group}/created");
                s.Call($"mkdir d/d{group}/sub 2755").Call($"stat d/d{group}/sub");
            }
        });
    }

    /// <summary>root's group (the actor is never in it), the supplementary group (only <see cref="Actor.Member"/> is in it) and the actor's own.</summary>
    private static string[] Groups(Actor actor) => ["0", $"{Actor.Group}", $"{actor.Gid}"];
}

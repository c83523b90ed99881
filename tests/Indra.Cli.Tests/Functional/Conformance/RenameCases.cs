namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// renameat2 of every kind onto every kind (and onto nothing, and onto a non-empty directory) with flags 0,
/// RENAME_NOREPLACE and RENAME_EXCHANGE; each case in a directory of its own (mode 0777, so an unprivileged actor may
/// rename root's entries), then both names lstat'ed and listed.
/// </summary>
internal static class RenameCases
{
    private static readonly string[] Flags = ["0", "NOREPLACE", "EXCHANGE"];

    /// <summary>Per flag, one script among regular files, directories and symlinks, and one where a FIFO, socket or device takes part.</summary>
    public static IEnumerable<Script> Scripts(Actor actor) =>
        Flags.SelectMany(flags => new[] { Build(actor, flags, special: false), Build(actor, flags, special: true) }).Append(Across(actor));

    /// <summary>
    /// Renames between directories: a file and a directory of the actor's and of root's, into a directory the actor may
    /// write and one it may not, with the link counts of both parents before and after.
    /// </summary>
    private static Script Across(Actor actor)
    {
        var script = new Script($"rename-across-{actor}");
        foreach (string name in new[] { "a", "b" }) script.Call($"mkdir {name} 0777").Call($"chmod {name} 0777");
        script.Call("mkdir locked 0755").Call("mkdir a/rootdir 0755").Call("mkdir a/rootdir2 0777").Call("chmod a/rootdir2 0777")
            .Call("open 0 a/rootfile O_CREAT|O_WRONLY 0644").Call("close 0").Call("mkdir b/occupied 0755").Call("mkdir b/full 0755").Call("mkdir b/full/x 0755");
        script.As(actor, s => s.Call(
        [
            "mkdir a/mydir 0755", "mkdir a/mydir/sub 0755", "open 1 a/myfile O_CREAT|O_WRONLY 0644", "close 1", "stat a", "stat b",
            "rename a/mydir b/mydir 0", "stat a", "stat b", "stat b/mydir", "list b/mydir",
            "rename a/myfile b/myfile NOREPLACE", "rename a/rootfile b/rootfile 0", "rename a/rootdir b/rootdir 0", "rename a/rootdir2 b/rootdir2 0",
            "rename b/myfile locked/myfile 0", "rename b/mydir locked/mydir 0", "rename b/mydir b/occupied 0", "rename b/mydir b/full 0",
            "rename b/mydir/sub a/sub 0", "stat a", "stat b/mydir", "link b/myfile a/myfile", "stat b/myfile",
            "list a", "list b", "list locked",
        ]));
        return script.Call("stat a").Call("stat b").Call("list a").Call("list b");
    }

    private static Script Build(Actor actor, string flags, bool special)
    {
        var script = new Script($"rename-{flags}-{(special ? "special" : "ordinary")}-{actor}").Call("mkdir d 0777").Call("chmod d 0777");
        var cases = new List<(string Directory, string Source, string Target)>();
        foreach (FileKind? source in Sides(includeAbsent: false))
        {
            foreach (FileKind? target in Sides(includeAbsent: true))
            {
                if ((FileKinds.IsSpecial(source) || FileKinds.IsSpecial(target)) != special) continue;
                string directory = $"d/c{cases.Count}";
                script.Call($"mkdir {directory} 0777").Call($"chmod {directory} 0777");
                script.Call(Make(source, $"{directory}/s")).Call(Make(target, $"{directory}/t"));
                cases.Add((directory, $"{directory}/s", $"{directory}/t"));
                if (source is FileKind.Directory && target is FileKind.Directory) cases.Add(NonEmpty(script, $"d/c{cases.Count}"));
            }
        }
        script.As(actor, s =>
        {
            foreach (var c in cases) s.Call($"rename {c.Source} {c.Target} {flags}");
        });
        foreach (var c in cases)
        {
            script.Call($"lstat {c.Source}").Call($"lstat {c.Target}").Call($"list {c.Directory}").Call($"list {c.Target}");
        }
        return script;
    }

    private static IEnumerable<FileKind?> Sides(bool includeAbsent) =>
        includeAbsent ? [null, .. FileKinds.All.Cast<FileKind?>()] : FileKinds.All.Cast<FileKind?>();

    private static IEnumerable<string> Make(FileKind? kind, string path) => kind is { } k ? FileKinds.Create(k, path) : [];

    /// <summary>A directory renamed onto a directory that has an entry: ENOTEMPTY, except for an exchange.</summary>
    private static (string, string, string) NonEmpty(Script script, string directory)
    {
        script.Call($"mkdir {directory} 0777").Call($"chmod {directory} 0777").Call($"mkdir {directory}/s 0755").Call($"mkdir {directory}/t 0755").Call($"mkdir {directory}/t/inner 0755");
        return (directory, $"{directory}/s", $"{directory}/t");
    }
}

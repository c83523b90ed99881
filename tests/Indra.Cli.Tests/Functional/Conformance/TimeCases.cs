namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// Which calls move a file's or a directory's atime and mtime: each object gets old explicit times (2001; atime before
/// mtime, so relatime updates atime on the next access), one call, then a stat that prints each time exactly if it is
/// still the explicit one and "changed" if the call moved it.
/// </summary>
internal static class TimeCases
{
    private const string Old = "1000000000.100000000 1000000000.200000000";

    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return Files(actor);
        yield return Directories(actor);
    }

    private static Script Files(Actor actor)
    {
        Touch[] touches =
        [
            new("read", "open 1 {} O_RDONLY", "read 1 64", "close 1"),
            new("open-only", "open 1 {} O_RDWR", "close 1"),
            new("write", "open 1 {} O_WRONLY", "write 1 more", "close 1"),
            new("append", "open 1 {} O_WRONLY|O_APPEND", "write 1 more", "close 1"),
            new("pwrite", "open 1 {} O_RDWR", "pwrite 1 100 far", "close 1"),
            new("o-trunc", "open 1 {} O_WRONLY|O_TRUNC", "close 1"),
            new("truncate-same", "truncate {} 4"),
            new("truncate-grow", "truncate {} 40"),
            new("ftruncate", "open 1 {} O_WRONLY", "ftruncate 1 1", "close 1"),
            new("chmod", "chmod {} 0600"),
            new("chown", "chown {} -1 -1"),
            new("link", "link {} {}.l"),
            new("rename", "rename {} {}.r 0", "rename {}.r {} 0"),
            new("utimens-now-atime", "utimens {} NOW OMIT"),
            new("utimens-omit", "utimens {} OMIT OMIT"),
            new("stat", "stat {}", "access {} R"),
        ];
        var script = new Script($"times-files-{actor}").Call("mkdir w 0777").Call("chmod w 0777").Call("open 0 w/empty O_CREAT|O_WRONLY 0666").Call("close 0");
        return script.As(actor, s =>
        {
            foreach (var touch in touches)
            {
                string file = $"w/{touch.Name}";
                s.Call([$"open 1 {file} O_CREAT|O_WRONLY 0644", "write 1 data", "close 1", $"utimens {file} {Old}", $"stat {file} am"]);
                s.Call(touch.On(file)).Call($"stat {file} am");
            }
            s.Call(["utimens w/empty " + Old, "open 1 w/empty O_WRONLY|O_TRUNC", "close 1", "stat w/empty am"]);
            s.Call(["symlink empty w/link", $"utimens w/link {Old} nofollow", "lstat w/link am", "readlink w/link", "lstat w/link am"]);
        });
    }

    private static Script Directories(Actor actor)
    {
        Touch[] touches =
        [
            new("create", "open 1 {}/new O_CREAT|O_WRONLY 0644", "close 1"),
            new("mkdir", "mkdir {}/sub 0755"),
            new("symlink", "symlink x {}/link"),
            new("unlink", "unlink {}/f"),
            new("rename-within", "rename {}/f {}/g 0"),
            new("rename-out", "rename {}/f {}-out 0"),
            new("link", "link {}/f {}/h"),
            new("list", "list {}"),
            new("child-write", "open 1 {}/f O_WRONLY", "write 1 more", "close 1"),
            new("child-chmod", "chmod {}/f 0600"),
            new("child-stat", "stat {}/f"),
            new("chmod", "chmod {} 0700"),
        ];
        var script = new Script($"times-directories-{actor}").Call("mkdir w 0777").Call("chmod w 0777");
        return script.As(actor, s =>
        {
            foreach (var touch in touches)
            {
                string dir = $"w/{touch.Name}";
                s.Call([$"mkdir {dir} 0777", $"open 1 {dir}/f O_CREAT|O_WRONLY 0644", "close 1", $"utimens {dir} {Old}", $"stat {dir} am"]);
                s.Call(touch.On(dir));
                s.Call($"stat {dir} am");
            }
        });
    }
}

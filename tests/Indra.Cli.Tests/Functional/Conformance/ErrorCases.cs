namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// The error answers: ENAMETOOLONG (a 256-byte name against a 255-byte one, a path over PATH_MAX, a symlink target of
/// PATH_MAX), ENOTDIR, ELOOP (loops, chains past the 40-link limit, O_NOFOLLOW), EEXIST, EISDIR, ENOTEMPTY, EINVAL,
/// ENOENT and EPERM (link to a directory), and the renames POSIX makes no-ops.
/// </summary>
internal static class ErrorCases
{
    private const int NameMax = 255;
    private const int PathMax = 4096;

    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return NameTooLong(actor);
        yield return PathTooLong(actor);
        yield return NotDirectory(actor);
        yield return Loops(actor);
        yield return ExistsAndIsDirectory(actor);
    }

    /// <summary>Root makes <c>w</c> (mode 0777) holding a file, a directory and a symlink; the actor works in it.</summary>
    public static Script InWorkDirectory(string name, Actor actor) =>
        new Script($"{name}-{actor}").Call("mkdir w 0777").Call("chmod w 0777")
            .Call("open 0 w/file O_CREAT|O_WRONLY 0666").Call("write 0 data").Call("close 0").Call("chmod w/file 0666")
            .Call("mkdir w/dir 0777").Call("chmod w/dir 0777").Call("symlink file w/link");

    private static Script NameTooLong(Actor actor)
    {
        var script = InWorkDirectory("name-too-long", actor);
        return script.As(actor, s =>
        {
            foreach (int length in new[] { NameMax, NameMax + 1 })
            {
                string name = "w/" + new string('n', length);
                string dir = "w/" + new string('d', length);
                string link = "w/" + new string('l', length);
                s.Call(
                [
                    $"open 1 {name} O_CREAT|O_WRONLY 0644", "close 1", $"stat {name}", $"lstat {name}", $"access {name} F",
                    $"chmod {name} 0600", $"chown {name} -1 -1", $"truncate {name} 1", $"utimens {name} NOW NOW",
                    $"mkdir {dir} 0755", $"stat {dir}", $"mkdir {dir}/inner 0755", $"rmdir {dir}/inner",
                    $"symlink file {link}", $"readlink {link}", $"symlink {new string('t', length)} w/target{length}", $"readlink w/target{length}",
                    $"link w/file {name}.h", $"link w/file w/{new string('h', length)}", $"rename w/file w/{new string('r', length)} 0", $"rename w/{new string('r', length)} w/file 0",
                    $"mknod w/{new string('m', length)} reg 0644",
                    $"unlink {link}", $"unlink {name}", $"rmdir {dir}", "list w",
                ]);
            }
        });
    }

    /// <summary>Paths just under and over PATH_MAX: a chain of 255-byte directory names, and symlink targets of 4095 and 4096 bytes.</summary>
    private static Script PathTooLong(Actor actor)
    {
        var script = InWorkDirectory("path-too-long", actor);
        return script.As(actor, s =>
        {
            string path = "w";
            string segment = new('p', NameMax);
            while (path.Length + 1 + segment.Length < PathMax - 20)
            {
                path += "/" + segment;
                s.Call($"mkdir {path} 0755");
            }
            s.Call($"open 1 {path}/end O_CREAT|O_WRONLY 0644").Call("close 1").Call($"stat {path}/end");
            string over = path + "/" + segment;
            s.Call($"stat {over}").Call($"mkdir {over} 0755").Call($"open 1 {over} O_CREAT|O_WRONLY 0644").Call($"unlink {over}");
            string slashes = "w/file" + new string('/', PathMax);
            s.Call($"stat {slashes}");
            s.Call($"symlink {new string('t', PathMax - 1)} w/longest").Call("lstat w/longest").Call("readlink w/longest");
            s.Call($"symlink {new string('t', PathMax)} w/too-long").Call("lstat w/too-long");
            s.Call($"stat {string.Concat(Enumerable.Repeat("dir/../", 600))}file");
        });
    }

    private static Script NotDirectory(Actor actor)
    {
        var script = InWorkDirectory("not-directory", actor);
        return script.As(actor, s => s.Call(
        [
            "stat w/file/", "stat w/file/x", "lstat w/file/", "mkdir w/file/x 0755", "open 1 w/file/x O_CREAT|O_WRONLY 0644", "close 1",
            "open 1 w/file O_RDONLY|O_DIRECTORY", "close 1", "open 1 w/file/ O_RDONLY", "close 1", "open 1 w/link/ O_RDONLY", "close 1",
            "rmdir w/file", "rmdir w/link", "list w/file", "unlink w/file/", "rename w/file w/file2/ 0", "rename w/file/ w/file3 0",
            "rename w/dir w/file 0", "list w/dir", "symlink x w/file/x", "link w/file w/file/x",
            "mkdir w/absent/x 0755", "open 1 w/absent/x O_CREAT|O_WRONLY 0644", "stat w/absent", "unlink w/absent", "rmdir w/absent",
            "rename w/absent w/other 0", "link w/absent w/other", "readlink w/absent", "chmod w/absent 0644", "truncate w/absent 0",
            "stat w/dir/", "stat w/dir/.", "stat w/dir/..", "lstat w/dir/", "open 1 w/dir/ O_RDONLY|O_DIRECTORY", "close 1",
            "rename w/dir w/file EXCHANGE", "lstat w/dir", "lstat w/file", "rename w/file/ w/dir EXCHANGE", "rename w/dir/ w/file EXCHANGE",
        ]));
    }

    private static Script Loops(Actor actor)
    {
        var script = InWorkDirectory("loops", actor).Call("symlink b w/a").Call("symlink a w/b").Call("symlink self w/self");
        for (int i = 0; i < 41; i++) script.Call($"symlink {(i == 0 ? "file" : $"c{i - 1}")} w/c{i}");
        return script.As(actor, s => s.Call(
        [
            "stat w/a", "lstat w/a", "readlink w/a", "stat w/self", "open 1 w/a O_RDONLY", "close 1", "open 1 w/a O_CREAT|O_WRONLY 0644", "close 1",
            "mkdir w/a/x 0755", "stat w/a/x", "access w/self F", "chmod w/self 0600", "truncate w/a 0", "utimens w/a NOW NOW",
            "utimens w/a NOW NOW nofollow", "unlink w/self", "lstat w/self",
            "stat w/c39", "stat w/c40", "lstat w/c40", "open 1 w/c39 O_RDONLY", "close 1", "open 1 w/c40 O_RDONLY", "close 1",
            "open 1 w/link O_RDONLY|O_NOFOLLOW", "close 1", "open 1 w/link O_WRONLY|O_CREAT|O_NOFOLLOW 0644", "close 1",
            "open 1 w/link O_RDONLY|O_NOFOLLOW|O_DIRECTORY", "close 1", "open 1 w/a O_RDONLY|O_NOFOLLOW", "close 1",
            "open 1 w/file O_RDONLY|O_NOFOLLOW", "close 1", "open 1 w/c0/ O_RDONLY|O_NOFOLLOW", "close 1",
            "symlink dir w/dirlink", "open 1 w/dirlink O_RDONLY|O_DIRECTORY|O_NOFOLLOW", "close 1", "open 1 w/dirlink/ O_RDONLY|O_NOFOLLOW", "close 1",
        ]));
    }

    private static Script ExistsAndIsDirectory(Actor actor)
    {
        var script = InWorkDirectory("exists-isdir-notempty", actor)
            .Call("mkdir w/full 0777").Call("chmod w/full 0777").Call("open 0 w/full/x O_CREAT|O_WRONLY 0644").Call("close 0")
            .Call("mkdir w/empty 0777").Call("chmod w/empty 0777").Call("symlink nowhere w/dangling");
        return script.As(actor, s => s.Call(
        [
            "mkdir w/file 0755", "mkdir w/dir 0755", "mkdir w/link 0755", "mkdir w/dangling 0755", "mkdir w/dir/ 0755",
            "symlink x w/file", "symlink x w/dir", "link w/file w/dir", "link w/file w/link", "mkfifo w/file 0644", "mknod w/dir fifo 0644",
            "open 1 w/file O_CREAT|O_EXCL|O_WRONLY 0644", "close 1", "open 1 w/dangling O_CREAT|O_EXCL|O_WRONLY 0644", "close 1",
            "open 1 w/dir O_CREAT|O_EXCL|O_WRONLY 0644", "close 1", "open 1 w/dir O_CREAT|O_RDONLY 0644", "close 1",
            "open 1 w/dir O_WRONLY", "close 1", "open 1 w/dir O_RDWR", "close 1", "open 1 w/dir O_RDONLY|O_TRUNC", "close 1",
            "open 1 w/dir O_RDONLY", "close 1", "truncate w/dir 0", "unlink w/dir", "unlink w/dir/", "readlink w/dir", "readlink w/file",
            "rename w/file w/dir 0", "rename w/file w/empty NOREPLACE", "rename w/empty w/file 0", "rename w/empty w/full 0",
            "rename w/full w/empty 0", "rename w/full w/full/sub 0", "rename w/dir w/dir/sub 0", "rename w/dir w/dir 0",
            "rmdir w/full", "rmdir w/dir/.", "rmdir w/dir/..", "rmdir w/link", "rmdir w/file", "link w/dir w/dirhard", "link w/link w/linkhard",
            "lstat w/linkhard", "link w/dangling w/danglinghard", "lstat w/danglinghard",
            "link w/file w/same", "rename w/file w/same 0", "lstat w/file", "lstat w/same", "rename w/file w/file 0", "rename w/dir w/dir/ 0",
            "rename w/file w/same EXCHANGE", "rename w/empty w/full EXCHANGE", "list w/empty", "list w/full",
            "open 1 w/dangling O_CREAT|O_WRONLY 0644", "close 1", "lstat w/dangling", "stat w/dangling", "lstat w/nowhere", "list w",
            "open 1 w/newdir O_CREAT|O_DIRECTORY|O_RDONLY 0755", "close 1", "open 1 w/dir O_CREAT|O_DIRECTORY|O_RDONLY 0755", "close 1",
            "open 1 w/file O_EXCL|O_RDONLY", "close 1", "open 1 w/absent O_EXCL|O_RDONLY", "close 1", "lstat w/newdir",
        ]));
    }
}

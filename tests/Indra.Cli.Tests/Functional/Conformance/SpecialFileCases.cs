namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// FIFOs, sockets and device nodes made by mkfifo, bind and mknod under every umask, with 255- and 256-byte names, in a
/// set-group-ID directory and in directories of every mode, and over names that exist (EEXIST): the ordinary scripts leave these calls out, so a file
/// system without special files fails here and (in <see cref="KindOperationCases"/> and the rename matrix) on the kinds
/// themselves, and nowhere else.
/// </summary>
internal static class SpecialFileCases
{
    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return ContentCases.UnderEveryUmask($"special-umask-{actor}", actor, mask =>
        [
            $"mkfifo w/p{mask} 0666", $"lstat w/p{mask}", $"bind w/s{mask}", $"lstat w/s{mask}", $"mknod w/q{mask} fifo 0666", $"lstat w/q{mask}",
            $"mknod w/k{mask} sock 0666", $"lstat w/k{mask}", $"mknod w/c{mask} chr 0666 1 3", $"lstat w/c{mask}", $"mknod w/b{mask} blk 0666 7 0", $"lstat w/b{mask}",
        ]);
        yield return new Script($"special-name-length-{actor}").Call("mkdir w 0777").Call("chmod w 0777").As(actor, s =>
        {
            foreach (int length in new[] { 255, 256 })
            {
                s.Call([$"mkfifo w/{new string('f', length)} 0644", $"mknod w/{new string('m', length)} fifo 0644", $"mknod w/{new string('c', length)} chr 0644 1 3", "list w"]);
            }
        });
        yield return SetIdCases.InSetGidDirectory($"special-setgid-directory-{actor}").As(actor, s => s.Call(
        [
            "mkfifo g/fifo 0644", "lstat g/fifo", "bind g/sock", "lstat g/sock", "mknod g/node fifo 2755", "lstat g/node",
            "mknod g/chr chr 0644 1 3", "lstat g/chr",
        ]));
        yield return ErrorCases.InWorkDirectory("special-exists", actor).Call("mkdir w/full 0755").Call("open 0 w/full/x O_CREAT|O_WRONLY 0644").Call("close 0").As(actor, s =>
        {
            foreach (string name in new[] { "file", "dir", "link", "full" })
            {
                s.Call([$"mkfifo w/{name} 0644", $"mknod w/{name} fifo 0644", $"mknod w/{name} sock 0644", $"mknod w/{name} chr 0644 1 3", $"bind w/{name}", $"lstat w/{name}"]);
            }
        });
        if (!actor.IsRoot)
        {
            yield return PermissionCases.InModeDirectories($"special-directory-modes-{actor}", actor, p =>
                [$"mkfifo {p}/fifo 0644", $"bind {p}/sock", $"mknod {p}/node fifo 0644", $"lstat {p}/fifo"]);
        }
    }
}

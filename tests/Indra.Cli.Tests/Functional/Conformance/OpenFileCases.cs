namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// What an open descriptor sees while the name changes under it: unlinked while open (nlink 0, still readable and
/// writable), replaced by a rename, truncated and chmod'ed through the path, pwrite on O_APPEND, a directory removed
/// while open; and a directory of hundreds of entries, listed as it changes.
/// </summary>
internal static class OpenFileCases
{
    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return new Script($"open-descriptors-{actor}").Call("mkdir w 0777").Call("chmod w 0777").As(actor, s => s.Call(
        [
            "open 1 w/f O_CREAT|O_RDWR 0644", "write 1 hello", "unlink w/f", "fstat 1", "write 1 -more", "pread 1 0 64", "list w", "close 1", "list w",
            "open 1 w/g O_CREAT|O_WRONLY 0644", "write 1 old", "close 1", "open 2 w/g O_RDONLY", "open 1 w/h O_CREAT|O_WRONLY 0644", "write 1 new", "close 1",
            "rename w/h w/g 0", "pread 2 0 16", "fstat 2", "content w/g", "close 2",
            "open 1 w/a O_CREAT|O_WRONLY|O_APPEND 0644", "write 1 abc", "pwrite 1 0 X", "fstat 1", "close 1", "content w/a",
            "open 1 w/c O_CREAT|O_RDWR 0644", "write 1 hello", "truncate w/c 2", "pread 1 0 16", "fstat 1", "chmod w/c 0600", "fstat 1",
            "write 1 Z", "fstat 1", "close 1", "content w/c",
            "open 1 w/r O_CREAT|O_RDWR 0644", "write 1 readable", "chmod w/r 0000", "pread 1 0 16", "pwrite 1 0 R", "open 2 w/r O_RDONLY", "close 2", "close 1",
            "open 1 w/orig O_CREAT|O_RDWR 0644", "write 1 shared", "link w/orig w/alias", "unlink w/orig", "fstat 1", "content w/alias", "close 1",
            "mkdir w/gone 0755", "open 1 w/gone O_RDONLY|O_DIRECTORY", "rmdir w/gone", "fstat 1", "close 1",
            "open 1 w/two O_CREAT|O_RDWR 0644", "open 2 w/two O_RDWR", "write 1 first", "pread 2 0 16", "pwrite 2 2 XY", "pread 1 0 16", "close 1", "close 2",
        ]));
        yield return ManyEntries(actor);
    }

    private static Script ManyEntries(Actor actor) =>
        new Script($"many-entries-{actor}").Call("mkdir w 0777").Call("chmod w 0777").As(actor, s =>
        {
            for (int i = 0; i < 600; i++) s.Call($"open 1 w/entry-{i:D4}-{new string('x', i % 200)} O_CREAT|O_WRONLY 0644").Call("close 1");
            for (int i = 0; i < 60; i++) s.Call($"mkdir w/dir-{i:D3} 0755");
            s.Call("list w").Call("stat w");
            for (int i = 0; i < 600; i += 3) s.Call($"unlink w/entry-{i:D4}-{new string('x', i % 200)}");
            for (int i = 0; i < 60; i += 2) s.Call($"rename w/dir-{i:D3} w/dir-{i:D3}/../renamed-{i:D3} 0");
            s.Call("list w").Call("stat w");
        });
}

namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// What a file holds after writes through O_APPEND, O_TRUNC and two descriptors, truncate and ftruncate up and down,
/// and the modes the umask leaves on every kind a call creates.
/// </summary>
internal static class ContentCases
{
    private static readonly string[] Umasks = ["0000", "0022", "0077", "0777", "0002"];

    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return Content(actor);
        yield return Umask(actor);
        yield return ModeBits(actor);
    }

    /// <summary>Every permission and set-ID bit asked for at creation and by chmod, on files and directories.</summary>
    private static Script ModeBits(Actor actor) => UnderEveryUmask($"mode-bits-{actor}", actor, mask =>
    [
        $"open 1 w/f{mask} O_CREAT|O_WRONLY 07777", "close 1", $"stat w/f{mask}", $"mkdir w/d{mask} 07777", $"stat w/d{mask}",
        $"mknod w/n{mask} reg 06777", $"stat w/n{mask}", $"chmod w/f{mask} 07777", $"stat w/f{mask}", $"chmod w/d{mask} 07777", $"stat w/d{mask}",
        $"chmod w/f{mask} 0", $"stat w/f{mask}", $"open 1 w/d{mask}/inner O_CREAT|O_WRONLY 0666", "close 1", $"stat w/d{mask}/inner",
    ]);

    private static Script Content(Actor actor)
    {
        var script = new Script($"content-{actor}").Call("mkdir w 0777").Call("chmod w 0777");
        return script.As(actor, s => s.Call(
        [
            "open 1 w/f O_CREAT|O_RDWR 0644", "write 1 hello", "fstat 1", "close 1", "content w/f",
            "open 1 w/f O_WRONLY|O_APPEND", "write 1 -tail", "close 1", "content w/f", "stat w/f",
            "open 1 w/f O_WRONLY", "write 1 HE", "close 1", "content w/f",
            "open 1 w/f O_RDWR", "open 2 w/f O_WRONLY|O_APPEND", "write 1 ab", "write 2 cd", "write 1 ef", "read 1 64", "close 1", "close 2", "content w/f",
            "truncate w/f 3", "content w/f", "truncate w/f 8", "content w/f", "stat w/f",
            "open 1 w/f O_RDWR", "ftruncate 1 1", "fstat 1", "read 1 64", "ftruncate 1 5", "read 1 64", "close 1", "content w/f",
            "open 1 w/f O_WRONLY|O_TRUNC", "fstat 1", "write 1 new", "close 1", "content w/f",
            "open 1 w/f O_RDONLY|O_APPEND", "write 1 x", "read 1 64", "close 1",
            "open 1 w/f O_WRONLY", "read 1 64", "close 1",
            "open 1 w/g O_CREAT|O_EXCL|O_RDONLY 0444", "write 1 x", "close 1", "stat w/g", "open 1 w/g O_WRONLY", "close 1",
            "link w/f w/f2", "open 1 w/f2 O_WRONLY|O_APPEND", "write 1 +", "close 1", "content w/f", "stat w/f", "unlink w/f", "content w/f2", "stat w/f2",
        ]));
    }

    private static Script Umask(Actor actor) => UnderEveryUmask($"umask-{actor}", actor, mask =>
    [
        $"open 1 w/f{mask} O_CREAT|O_WRONLY 0777", "close 1", $"stat w/f{mask}", $"mkdir w/d{mask} 0777", $"stat w/d{mask}",
        $"symlink f{mask} w/l{mask}", $"lstat w/l{mask}", $"mknod w/n{mask} reg 0666", $"lstat w/n{mask}",
    ]);

    /// <summary>The actor sets each umask in turn and makes <paramref name="calls"/> in <c>w</c> (mode 0777) under it.</summary>
    public static Script UnderEveryUmask(string name, Actor actor, Func<string, IEnumerable<string>> calls) =>
        new Script(name).Call("mkdir w 0777").Call("chmod w 0777").As(actor, s =>
        {
            foreach (string mask in Umasks) s.Call($"umask {mask}").Call(calls(mask));
            s.Call("umask 0022");
        });
}

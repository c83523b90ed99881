namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>Who acts on the objects of a <see cref="KindOperationCases"/> script, and whose objects they are.</summary>
public enum Relation
{
    /// <summary>Root acts on root's objects.</summary>
    Root,

    /// <summary>An unprivileged user acts on objects it owns.</summary>
    Owner,

    /// <summary>An unprivileged user acts on root's objects (mode 0644/0755).</summary>
    Stranger,

    /// <summary>An unprivileged user in supplementary group 4242 acts on root's objects of that group, group-writable.</summary>
    GroupMember,
}

/// <summary>
/// Every file kind × every call (open with each access mode and flag, chmod, fchmod, chown, lchown, fchown, link,
/// unlink, rmdir, rename, truncate, ftruncate, utimensat, readlink, access, create over an existing name, paths
/// through the object). Each call acts on an object of its own, made as root beforehand, so one disagreement does
/// not cascade; root then lstats every object and lists the directory.
/// </summary>
internal static class KindOperationCases
{
    private static readonly string[] AccessModes = ["O_RDONLY", "O_WRONLY", "O_RDWR"];

    private static readonly string[] OpenFlags = ["", "|O_CREAT", "|O_CREAT|O_EXCL", "|O_TRUNC", "|O_APPEND", "|O_DIRECTORY", "|O_NOFOLLOW"];

    public static IEnumerable<Script> Scripts(Relation relation) => FileKinds.All.Select(kind => Build(kind, relation));

    private static Script Build(FileKind kind, Relation relation)
    {
        var operations = Operations(kind).ToList();
        var script = new Script($"{kind}-{relation}").Call("mkdir d 0777").Call("chmod d 0777");
        var objects = Enumerable.Range(0, operations.Count).Select(i => $"d/o{i}").ToList();
        foreach (string path in objects)
        {
            script.Call(FileKinds.Create(kind, path)).Call(Prepare(kind, relation, path));
        }
        script.As(ActorFor(relation), s =>
        {
            for (int i = 0; i < operations.Count; i++) s.Call(operations[i](objects[i]));
        });
        foreach (string path in objects)
        {
            script.Call($"lstat {path}");
            if (kind == FileKind.Regular) script.Call($"content {path}");
            if (FileKinds.IsSymlink(kind)) script.Call($"content {path}.t");
        }
        return script.Call("list d");
    }

    private static Actor ActorFor(Relation relation) => relation switch
    {
        Relation.Root => Actor.Root,
        Relation.GroupMember => Actor.Member,
        _ => Actor.Nobody,
    };

    /// <summary>Root's calls that hand the object (and a symlink's target) to the relation's owner and group.</summary>
    private static IEnumerable<string> Prepare(FileKind kind, Relation relation, string path)
    {
        string target = kind == FileKind.Symlink ? path + ".t" : path;
        bool ownTarget = kind != FileKind.DanglingSymlink;
        string groupMode = kind is FileKind.Directory or FileKind.Socket ? "0775" : "0664";
        return relation switch
        {
            Relation.Owner => ownTarget && kind == FileKind.Symlink
                ? [$"lchown {path} {Actor.NobodyId} {Actor.NobodyId}", $"chown {target} {Actor.NobodyId} {Actor.NobodyId}"]
                : [$"lchown {path} {Actor.NobodyId} {Actor.NobodyId}"],
            Relation.GroupMember => ownTarget
                ? [$"lchown {path} 0 {Actor.Group}", $"chown {target} 0 {Actor.Group}", $"chmod {target} {groupMode}"]
                : [$"lchown {path} 0 {Actor.Group}"],
            _ => [],
        };
    }

    private static IEnumerable<Func<string, IEnumerable<string>>> Operations(FileKind kind)
    {
        yield return p => [$"lstat {p}", $"stat {p}", $"access {p} F", $"access {p} R", $"access {p} W", $"access {p} X", $"access {p} RWX", $"readlink {p}"];
        if (FileKinds.Openable(kind))
        {
            foreach (string mode in AccessModes)
            {
                foreach (string flag in OpenFlags)
                {
                    string flags = FileKinds.SafeFlags(kind, mode + flag);
                    string io = mode == "O_RDONLY" ? "read 1 16" : "write 1 zz";
                    yield return p => [$"open 1 {p} {flags} 0644", io, "close 1", $"stat {p}"];
                }
            }
            string readOnly = FileKinds.SafeFlags(kind, "O_RDONLY");
            string writeOnly = FileKinds.SafeFlags(kind, "O_WRONLY");
            yield return p => [$"open 2 {p} {readOnly}", "fchmod 2 0640", $"fchown 2 -1 {Actor.Group}", "fstat 2", "close 2"];
            yield return p => [$"open 2 {p} {readOnly}", $"fchown 2 {Actor.NobodyId} {Actor.NobodyId}", "fchmod 2 04711", "fstat 2", "close 2"];
            yield return p => [$"open 2 {p} {writeOnly}", "ftruncate 2 3", "close 2", $"stat {p}"];
        }
        foreach (string mode in new[] { "0600", "4755", "2755", "1777", "0000" })
        {
            yield return p => [$"chmod {p} {mode}", $"stat {p}"];
        }
        foreach ((int uid, int gid) in new[] { (-1, Actor.Group), (Actor.NobodyId, -1), (0, 0), (-1, Actor.NobodyId), (Actor.NobodyId, Actor.NobodyId) })
        {
            yield return p => [$"chown {p} {uid} {gid}", $"stat {p}"];
        }
        foreach ((int uid, int gid) in new[] { (Actor.NobodyId, Actor.Group), (-1, Actor.NobodyId), (0, -1) })
        {
            yield return p => [$"lchown {p} {uid} {gid}", $"lstat {p}"];
        }
        yield return p => [$"link {p} {p}.l", $"lstat {p}.l", $"lstat {p}"];
        yield return p => [$"unlink {p}", $"lstat {p}"];
        yield return p => [$"rmdir {p}", $"lstat {p}"];
        foreach (string flags in new[] { "0", "NOREPLACE" })
        {
            yield return p => [$"rename {p} {p}.r {flags}", $"lstat {p}.r", $"lstat {p}"];
        }
        yield return p => [$"truncate {p} 1", $"stat {p}"];
        yield return p => [$"truncate {p} 100", $"stat {p}"];
        yield return p => [$"utimens {p} 1000000000.123456789 1100000000.987654321", $"stat {p} am"];
        yield return p => [$"utimens {p} OMIT 1200000000.000000001", $"stat {p} m"];
        yield return p => [$"utimens {p} 1300000000.000000000 OMIT", $"stat {p} a"];
        yield return p => [$"utimens {p} NOW NOW", $"stat {p}"];
        yield return p => [$"utimens {p} 1000000000.000000005 1000000000.000000007 nofollow", $"lstat {p} am"];
        yield return p => [$"utimens {p} NOW OMIT nofollow", $"lstat {p}"];
        yield return p => [$"mkdir {p} 0755", $"mknod {p} reg 0644", $"symlink x {p}", $"link {p}.absent {p}", $"open 1 {p} O_CREAT|O_EXCL|O_WRONLY 0644", "close 1"];
        yield return p => [$"stat {p}/", $"lstat {p}/", $"open 1 {p}/c O_CREAT|O_WRONLY 0644", "close 1", $"mkdir {p}/s 0755", $"stat {p}/s", $"list {p}"];
    }
}

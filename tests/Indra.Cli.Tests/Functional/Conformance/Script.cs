namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// A script for <c>runner.c</c>: one system call per line, paths relative to the working directory. The runner prints
/// one result line per script line, so results pair with <see cref="Lines"/> by index.
/// </summary>
internal sealed class Script(string name)
{
    private readonly List<string> _lines = [];

    /// <summary>Names the script in failure messages and its working directory (no slashes).</summary>
    public string Name { get; } = name;

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Whether the script creates a FIFO, socket or device node (mkfifo, bind, mknod of anything but a regular file).</summary>
    public bool CreatesSpecialFiles => _lines.Any(line => line.StartsWith("mkfifo ", StringComparison.Ordinal) || line.StartsWith("bind ", StringComparison.Ordinal)
        || (line.StartsWith("mknod ", StringComparison.Ordinal) && line.Split(' ')[2] != "reg"));

    public Script Call(string line)
    {
        _lines.Add(line);
        return this;
    }

    public Script Call(IEnumerable<string> lines)
    {
        _lines.AddRange(lines);
        return this;
    }

    /// <summary>Runs <paramref name="body"/> as <paramref name="actor"/> (the runner forks and drops privileges), then returns to root.</summary>
    public Script As(Actor actor, Action<Script> body)
    {
        if (actor.IsRoot)
        {
            body(this);
            return this;
        }
        Call(actor.UserLine);
        body(this);
        return Call("root");
    }
}

/// <summary>A named list of calls in which <c>{}</c> stands for the path they act on.</summary>
internal sealed record Touch(string Name, params string[] Calls)
{
    public IEnumerable<string> On(string path) => Calls.Select(call => call.Replace("{}", path, StringComparison.Ordinal));
}

/// <summary>Who performs the calls of a case: root, or an unprivileged uid/gid with optional supplementary groups.</summary>
internal sealed record Actor(string Name, int Uid, int Gid, params int[] Groups)
{
    /// <summary>A group no one is in by default; <see cref="Member"/> has it as a supplementary group.</summary>
    public const int Group = 4242;

    public const int NobodyId = 65534;

    public static readonly Actor Root = new("root", 0, 0);

    public static readonly Actor Nobody = new("nobody", NobodyId, NobodyId);

    public static readonly Actor Member = new("member", NobodyId, NobodyId, Group);

    public bool IsRoot => Uid == 0;

    public string UserLine => Groups.Length == 0 ? $"user {Uid} {Gid}" : $"user {Uid} {Gid} {string.Join(',', Groups)}";

    public override string ToString() => Name;
}

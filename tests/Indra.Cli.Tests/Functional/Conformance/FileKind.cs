namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>The seven file types, with a symlink to a file and a dangling one told apart.</summary>
public enum FileKind
{
    Regular,
    Directory,
    Symlink,
    DanglingSymlink,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
}

/// <summary>How a script makes each kind, and which opens are harmless for it.</summary>
internal static class FileKinds
{
    public static readonly FileKind[] All = Enum.GetValues<FileKind>();

    /// <summary>
    /// The calls that create <paramref name="path"/> as <paramref name="kind"/>. A symlink points at
    /// <c>PATH.t</c>, a regular file of its own, so cases on different links never touch one target.
    /// The character device is makedev(1, 3), /dev/null: the only device a case ever opens.
    /// </summary>
    public static IEnumerable<string> Create(FileKind kind, string path) => kind switch
    {
        FileKind.Regular => [$"open 0 {path} O_CREAT|O_WRONLY 0644", "write 0 data", "close 0"],
        FileKind.Directory => [$"mkdir {path} 0755"],
        FileKind.Symlink => [$"open 0 {path}.t O_CREAT|O_WRONLY 0644", "write 0 data", "close 0", $"symlink {Path.GetFileName(path)}.t {path}"],
        FileKind.DanglingSymlink => [$"symlink {Path.GetFileName(path)}.t {path}"],
        FileKind.Fifo => [$"mkfifo {path} 0644"],
        FileKind.Socket => [$"bind {path}"],
        FileKind.CharDevice => [$"mknod {path} chr 0644 1 3"],
        FileKind.BlockDevice => [$"mknod {path} blk 0644 7 0"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Whether a case may open the kind at all: a block device would reach a real disk.</summary>
    public static bool Openable(FileKind kind) => kind != FileKind.BlockDevice;

    /// <summary>Open flags made safe for the kind: a FIFO is always opened O_NONBLOCK so an open never waits for a peer.</summary>
    public static string SafeFlags(FileKind kind, string flags) => kind == FileKind.Fifo ? flags + "|O_NONBLOCK" : flags;

    /// <summary>A FIFO, socket or device node (nothing, for an absent side of a rename, is not special).</summary>
    public static bool IsSpecial(FileKind? kind) => kind is FileKind.Fifo or FileKind.Socket or FileKind.CharDevice or FileKind.BlockDevice;

    public static bool IsSymlink(FileKind kind) => kind is FileKind.Symlink or FileKind.DanglingSymlink;
}

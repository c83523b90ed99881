namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// What libfuse and <c>fusermount3</c> say on standard error about a mount they refuse, and how a mount error points
/// at it. A background daemon's standard error is the vault's log, so the process that started it reads the lines
/// back from there (<see cref="Fold"/>) to give its caller one line that says why.
/// </summary>
public static class LibfuseStandardError
{
    /// <summary>The end of a <see cref="Indra.FileSystem.MountException"/> message whose reason libfuse printed.</summary>
    public const string Pointer = "(libfuse printed why on stderr)";

    /// <summary>True for a line libfuse (<c>fuse: </c>, its <c>fuse_log</c> prefix) or <c>fusermount3</c> wrote.</summary>
    public static bool IsTheirs(string line) =>
        line.StartsWith("fuse: ", StringComparison.Ordinal) || line.StartsWith("fusermount3: ", StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="message"/> with what they printed (<paramref name="printed"/>, their lines among others) put
    /// into its <see cref="Pointer"/>; the message as it is when it has no pointer or they printed nothing.
    /// </summary>
    public static string Fold(string message, IEnumerable<string> printed)
    {
        var theirs = printed.Where(IsTheirs).ToList();
        return message.EndsWith(Pointer, StringComparison.Ordinal) && theirs.Count > 0
            ? $"{message[..^1]}: {string.Join("; ", theirs)})"
            : message;
    }
}

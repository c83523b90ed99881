namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// The host's log: one line per message to the sink given to <see cref="FuseHost"/>, or to standard error prefixed
/// "indra: " when none was given. A sink that throws is reported on standard error and never breaks a request.
/// </summary>
internal sealed class FuseLog
{
    private readonly Action<string> sink;

    /// <summary>Creates a log writing to <paramref name="sink"/> (standard error when null).</summary>
    public FuseLog(Action<string>? sink) => this.sink = sink ?? WriteToStandardError;

    /// <summary>A log writing to standard error, for failures that cannot reach a session's sink.</summary>
    public static FuseLog StandardError { get; } = new(null);

    /// <summary>Writes one line (newlines inside <paramref name="message"/> are flattened).</summary>
    public void Write(string message)
    {
        string line = message.ReplaceLineEndings(" | ");
        try
        {
            sink(line);
        }
        catch (Exception ex)
        {
            WriteToStandardError($"log sink failed ({ex.GetType().Name}: {ex.Message}); message was: {line}");
        }
    }

    /// <summary>Logs an unexpected exception of operation <paramref name="operation"/> with its stack.</summary>
    /// <param name="operation">The FUSE operation, e.g. "lookup".</param>
    /// <param name="exception">The exception.</param>
    /// <param name="consequence">What the host does about it, e.g. "replying EIO".</param>
    public void Unexpected(string operation, Exception exception, string consequence = "replying EIO") =>
        Write($"fuse {operation}: unexpected exception, {consequence}: {exception}");

    private static void WriteToStandardError(string line) => Console.Error.WriteLine("indra: " + line);
}

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// The host's log: one line per message to the sink given to <see cref="FuseHost"/>, or to standard error prefixed
/// "indra: " when none was given. A sink that throws is reported on standard error and never breaks a request, and
/// no method throws: they are called from catch blocks of native callbacks, where an escaping exception (an
/// allocation failure while formatting, say) would abort the process and the request would get no reply.
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
        try
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
        catch (Exception)
        {
            // Nothing is left to report with (out of memory, standard error closed): the line is lost, the request
            // is still answered.
        }
    }

    /// <summary>Logs an unexpected exception of operation <paramref name="operation"/> with its stack.</summary>
    /// <param name="operation">The FUSE operation, e.g. "lookup".</param>
    /// <param name="exception">The exception.</param>
    /// <param name="consequence">What the host does about it, e.g. "replying EIO".</param>
    public void Unexpected(string operation, Exception exception, string consequence = "replying EIO")
    {
        string? message = null;
        try
        {
            message = $"fuse {operation}: unexpected exception, {consequence}: {exception}";
        }
        catch (Exception)
        {
            // Formatting the stack can fail as the exception did (OutOfMemoryException): a fixed line then.
        }
        Write(message ?? "fuse: an unexpected exception that could not be formatted");
    }

    private static void WriteToStandardError(string line) => Console.Error.WriteLine("indra: " + line);
}

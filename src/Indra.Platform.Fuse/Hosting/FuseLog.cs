using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// The host's loggers behind methods that never throw: category <see cref="Category"/> for the host's own events and
/// <see cref="RequestCategory"/> for the request trace (Debug level, written only when asked for). They are called
/// from catch blocks of native callbacks, where an escaping exception (a logging provider that throws, an
/// allocation failure while formatting) would abort the process and the request would get no reply; such a failure
/// is reported on standard error instead.
/// </summary>
internal sealed partial class FuseLog
{
    /// <summary>The category of the host's events.</summary>
    public const string Category = "Indra.Platform.Fuse";

    /// <summary>The category of the per-request trace.</summary>
    public const string RequestCategory = "Indra.Platform.Fuse.Requests";

    private readonly ILogger events;
    private readonly ILogger requests;

    /// <summary>Creates the log over <paramref name="loggers"/>.</summary>
    public FuseLog(ILoggerFactory loggers)
    {
        events = loggers.CreateLogger(Category);
        requests = loggers.CreateLogger(RequestCategory);
    }

    /// <summary>A log for failures that cannot reach a session's loggers: they go to standard error.</summary>
    public static FuseLog StandardError { get; } = new(NullLoggerFactory.Instance);

    /// <summary>Whether the request trace is written (its category is enabled at Debug level).</summary>
    public bool TracesRequests => requests.IsEnabled(LogLevel.Debug);

    /// <summary>Writes one request trace line at Debug level; check <see cref="TracesRequests"/> first.</summary>
    /// <param name="request">The request and its outcome, e.g. <c>lookup(1, "a") -> None 7</c>.</param>
    public void Request(string request) => Write(requests, LogLevel.Debug, null, "fuse {Request}", request);

    /// <summary>Writes a Debug line of the host (invalidations it sent, when tracing).</summary>
    public void Debug(string message) => Write(events, LogLevel.Debug, null, "{Message}", message);

    /// <summary>Writes an Information line: how the mount serves (once per mount, not per request).</summary>
    public void Info(string message) => Write(events, LogLevel.Information, null, "{Message}", message);

    /// <summary>Writes a warning: something did not work as asked and the host carries on without it.</summary>
    public void Warn(string message) => Write(events, LogLevel.Warning, null, "{Message}", message);

    /// <summary>Logs an unexpected exception of operation <paramref name="operation"/> at Error level with its stack.</summary>
    /// <param name="operation">The FUSE operation, e.g. "lookup".</param>
    /// <param name="exception">The exception.</param>
    /// <param name="consequence">What the host does about it, e.g. "replying EIO".</param>
    public void Unexpected(string operation, Exception exception, string consequence = "replying EIO") =>
        Write(events, LogLevel.Error, exception, "fuse {Operation}: unexpected exception, {Consequence}", operation, consequence);

    private void Write(ILogger logger, LogLevel level, Exception? exception, string template, params object?[] arguments)
    {
        try
        {
            if (ReferenceEquals(this, StandardError))
            {
                WriteToStandardError(Render(template, arguments) + (exception is null ? "" : ": " + exception));
                return;
            }
#pragma warning disable CA2254 // The templates are the constants of this type's methods.
            logger.Log(level, exception, template, arguments);
#pragma warning restore CA2254
        }
        catch (Exception ex)
        {
            try
            {
                WriteToStandardError($"logging failed ({ex.GetType().Name}: {ex.Message}); the line was: {Render(template, arguments)} {exception}");
            }
            catch (Exception)
            {
                // Nothing is left to report with (out of memory, standard error closed): the line is lost, the
                // request is still answered.
            }
        }
    }

    /// <summary>The template with its placeholders replaced by the arguments in order (the templates here name each once).</summary>
    private static string Render(string template, object?[] arguments)
    {
        var index = 0;
        return Placeholder().Replace(template, _ => index < arguments.Length ? Convert.ToString(arguments[index++], System.Globalization.CultureInfo.InvariantCulture) ?? "" : "");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    private static void WriteToStandardError(string line) => Console.Error.WriteLine("indra: " + line.ReplaceLineEndings(" | "));
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Indra.Cli.Hosting;

/// <summary>
/// The composition root's loggers: Information and above (Debug and above with <c>--debug</c>, which turns on the
/// FUSE request trace), to the log file when one is given (the background daemon's <c>VAULT/indra.log</c>), else to
/// standard error in the console logger's single-line form (<c>warn: CATEGORY[0] MESSAGE</c>). Categories are the
/// emitting types' full names, so each layer is a prefix: Indra.Storage, Indra.Engine, Indra.FileSystem,
/// Indra.Sharing, Indra.Platform.Fuse (Indra.Platform.Fuse.Requests for the trace), Indra.Platform.ProjFS, Indra.Cli.
/// </summary>
internal static class CliLogging
{
    /// <summary>Builds the logger factory; dispose it last (it flushes the console logger's queue).</summary>
    /// <param name="debug">Log Debug entries too (the request trace).</param>
    /// <param name="logFile">The file to append to instead of standard error, or null.</param>
    /// <param name="clock">The clock of the file's timestamps.</param>
    public static ILoggerFactory Create(bool debug, string? logFile, TimeProvider clock) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(debug ? LogLevel.Debug : LogLevel.Information);
            if (logFile is not null)
            {
                builder.AddProvider(new FileLoggerProvider(logFile, clock));
                return;
            }
            builder.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        });
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indra.Platform.ProjFS.Hosting;

/// <summary>
/// The ProjFS host's logger (category <see cref="Category"/>) behind short level methods. Debug lines (one per
/// callback) are written only when <see cref="FileSystem.MountOptions.Debug"/> is set and the category is enabled at
/// Debug level; the messages are preformatted, so each goes out as the single argument of a fixed template.
/// </summary>
internal sealed class ProjFsLog
{
    /// <summary>The category of the ProjFS host's entries.</summary>
    public const string Category = "Indra.Platform.ProjFS";

    private readonly ILogger _logger;

    /// <summary>Creates the log over <paramref name="loggers"/>.</summary>
    /// <param name="loggers">Where entries go.</param>
    /// <param name="debug">Whether Debug lines are wanted (<see cref="FileSystem.MountOptions.Debug"/>).</param>
    public ProjFsLog(ILoggerFactory loggers, bool debug)
    {
        _logger = loggers.CreateLogger(Category);
        IsDebugEnabled = debug && _logger.IsEnabled(LogLevel.Debug);
    }

    /// <summary>A log that writes nothing (for components built outside a mount).</summary>
    public static ProjFsLog Null { get; } = new(NullLoggerFactory.Instance, debug: false);

    /// <summary>Whether debug lines are written.</summary>
    public bool IsDebugEnabled { get; }

    /// <summary>Writes a debug line when debugging is on.</summary>
    public void Debug(string message)
    {
        if (IsDebugEnabled)
        {
            _logger.LogDebug("{Message}", message);
        }
    }

    /// <summary>Writes an informational line.</summary>
    public void Info(string message) => _logger.LogInformation("{Message}", message);

    /// <summary>Writes a warning.</summary>
    public void Warn(string message) => _logger.LogWarning("{Message}", message);

    /// <summary>Writes an error with its exception.</summary>
    public void Error(string message, Exception? exception = null) => _logger.LogError(exception, "{Message}", message);
}

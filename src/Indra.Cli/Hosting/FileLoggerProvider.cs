using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Indra.Cli.Hosting;

/// <summary>
/// The daemon's log file (<c>VAULT/indra.log</c>): one entry per line,
/// <c>2026-12-06T04:50:00.123Z warn Indra.FileSystem.VaultFileSystem: MESSAGE</c> (UTC timestamp from the given clock,
/// the level as the console logger abbreviates it: trce, dbug, info, warn, fail, crit), followed by the exception's
/// text on the next lines when there is one. Each entry is one write(2) on a descriptor opened with <c>O_APPEND</c>,
/// when it is logged (no buffering, so the file is complete up to a crash): the daemon's standard output and error,
/// which the launching shell appends to the same file, land between entries and never over one. A failure to write
/// is swallowed (the entry is lost): a full disk must not fail the filesystem request that logged. The file is created
/// owner-only (0600).
/// </summary>
internal sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly SafeFileHandle _file;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();

    /// <summary>Opens (creating if missing, owner-only: <see cref="CreateOwnerOnly"/>) the log at <paramref name="path"/> for appending.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="clock">Where entry timestamps are read.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public FileLoggerProvider(string path, TimeProvider clock)
    {
        CreateOwnerOnly(path);
        _file = Interop.Unix.OpenAppend(path);
        _clock = clock;
    }

    /// <summary>
    /// Creates the log file <paramref name="path"/> empty and 0600 when it does not exist (an existing one keeps its
    /// mode): the log names the vault's paths and peers, which are its owner's business. Called before anything else
    /// may create it, such as the shell redirection that starts a daemon, which would make it 0666 less the umask.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be created.</exception>
    internal static void CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var created = new FileStream(path, options);
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    /// <summary>The console logger's four-letter name of <paramref name="level"/>.</summary>
    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };

    private void Append(LogLevel level, string category, string message, Exception? exception)
    {
        var entry = new StringBuilder(message.Length + 80);
        entry.Append(_clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(' ').Append(LevelName(level)).Append(' ').Append(category).Append(": ").Append(message).Append('\n');
        if (exception is not null)
        {
            try
            {
                entry.Append(exception).Append('\n');
            }
            catch (Exception)
            {
                entry.Append(exception.GetType().FullName).Append(" (its text could not be formatted)\n");
            }
        }
        var bytes = Encoding.UTF8.GetBytes(entry.ToString());
        try
        {
            lock (_gate)
            {
                ReadOnlySpan<byte> rest = bytes;
                while (!rest.IsEmpty)
                {
                    var written = Interop.Unix.Write(_file, rest, (nuint)rest.Length);
                    if (written <= 0) break; // full disk or a closed descriptor: the rest of the entry is lost
                    rest = rest[(int)written..];
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // Full disk, or the provider disposed while a late thread logs: the entry is lost.
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Append(logLevel, category, formatter(state, exception), exception);
        }
    }
}

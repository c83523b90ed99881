using System.Globalization;

namespace Indra.Platform.ProjFS.Hosting;

/// <summary>
/// The ProjFS host's log: one line per event on a <see cref="TextWriter"/> (stderr by default), thread-safe. Debug
/// lines appear only when <see cref="FileSystem.MountOptions.Debug"/> is set.
/// </summary>
internal sealed class ProjFsLog
{
    private readonly TextWriter _writer;
    private readonly Lock _gate = new();

    /// <summary>Creates a log writing to <paramref name="writer"/>.</summary>
    public ProjFsLog(TextWriter writer, bool debug)
    {
        _writer = writer;
        IsDebugEnabled = debug;
    }

    /// <summary>A log that writes nothing (for components built outside a mount).</summary>
    public static ProjFsLog Null { get; } = new(TextWriter.Null, debug: false);

    /// <summary>Whether debug lines are written.</summary>
    public bool IsDebugEnabled { get; }

    /// <summary>Writes a debug line when debugging is on.</summary>
    public void Debug(string message)
    {
        if (IsDebugEnabled)
        {
            Write("debug", message);
        }
    }

    /// <summary>Writes an informational line.</summary>
    public void Info(string message) => Write("info", message);

    /// <summary>Writes a warning.</summary>
    public void Warn(string message) => Write("warn", message);

    /// <summary>Writes an error with its exception.</summary>
    public void Error(string message, Exception? exception = null) =>
        Write("error", exception is null ? message : $"{message}: {exception}");

    private void Write(string level, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} indra-projfs {level}: {message}");
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}

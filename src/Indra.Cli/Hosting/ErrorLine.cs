namespace Indra.Cli.Hosting;

/// <summary>
/// The one line a failing <c>indra</c> writes on standard error: <c>indra: MESSAGE</c>. A daemon started by
/// <c>indra mount --background</c> (which sets <see cref="DaemonVariable"/>) writes <c>indra[PID]: MESSAGE</c> instead:
/// its standard error is the vault's shared log, where another daemon of the same vault may be writing too, and the
/// starting process picks out its own daemon's error by the process id.
/// </summary>
internal static class ErrorLine
{
    /// <summary>The environment variable, set to <c>1</c>, that marks a process as a background daemon.</summary>
    internal const string DaemonVariable = "INDRA_DAEMON";

    /// <summary>The line for <paramref name="message"/> in this process.</summary>
    internal static string Format(string message) =>
        Environment.GetEnvironmentVariable(DaemonVariable) == "1" ? DaemonPrefix(Environment.ProcessId) + message : "indra: " + message;

    /// <summary>What a failing daemon with process id <paramref name="pid"/> puts before its message.</summary>
    internal static string DaemonPrefix(int pid) => $"indra[{pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}]: ";
}

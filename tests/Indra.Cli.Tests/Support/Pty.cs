using System.Diagnostics;
using System.Text;

namespace Indra.Cli.Tests.Support;

/// <summary>
/// Runs the real indra CLI on a pseudo-terminal: <c>script -qfec COMMAND /dev/null</c> (util-linux) gives the program
/// a terminal as standard input, output and error, and copies what it writes (escape sequences included, lines ending
/// in CR LF) to its own standard output, which is captured here.
/// </summary>
internal sealed class Pty : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _reader;

    private Pty(IReadOnlyList<string> arguments, IDictionary<string, string>? environment)
    {
        var command = string.Join(' ', new[] { "dotnet", IndraCli.Dll }.Concat(arguments).Select(Quote));
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-qfec", command, "/dev/null" }) start.ArgumentList.Add(argument);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "160";
        start.Environment.Remove("NO_COLOR");
        if (environment is not null) foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start script");
        _reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_output) _output.Append(buffer, 0, read);
            }
        });
        _ = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>What the program wrote to the terminal so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>indra ARGUMENTS</c> on a pseudo-terminal, with <paramref name="environment"/> added.</summary>
    public static Pty Start(IDictionary<string, string>? environment, params string[] arguments) => new(arguments, environment);

    /// <summary>Runs <c>indra ARGUMENTS</c> on a pseudo-terminal to its end (at most 3 minutes).</summary>
    /// <returns>The exit code and what it wrote.</returns>
    public static (int ExitCode, string Output) Run(IDictionary<string, string>? environment, params string[] arguments)
    {
        using var pty = Start(environment, arguments);
        return (pty.WaitForExit(TimeSpan.FromMinutes(3)), pty.Output);
    }

    /// <summary>Types <paramref name="keys"/> on the terminal.</summary>
    public void Type(string keys)
    {
        _process.StandardInput.Write(keys);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the program to end; fails the test after <paramref name="limit"/>.</summary>
    /// <returns>Its exit code.</returns>
    public int WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the program on the pseudo-terminal did not end within {limit}; it wrote:\n{Output}");
        }
        _process.WaitForExit();
        _reader.Wait(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

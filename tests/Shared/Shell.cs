using System.Diagnostics;

namespace Indra.Tests.Shared;

/// <summary>Runs external programs (cp, diff, git, sqlite3, getfattr, b3sum, the indra CLI) and captures their output.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
    {
        public Result Ok()
        {
            Assert.That(ExitCode, Is.Zero, $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
            return this;
        }
    }

    public static Result Run(string program, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null) foreach (var (key, value) in environment) start.Environment[key] = value;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} timed out");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result, watch.Elapsed);
    }

    /// <summary>Runs a bash script (set -euo pipefail).</summary>
    public static Result Bash(string script, string? workingDirectory = null, TimeSpan? timeout = null) =>
        Run("bash", ["-c", "set -euo pipefail\n" + script], workingDirectory, timeout);

    /// <summary>Fails the test with a clear message when a program the test drives is not installed.</summary>
    public static void Require(string program, string package)
    {
        var found = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));
        Assert.That(found, Is.True, $"'{program}' is not installed: apt-get install {package} (build/setup.sh --test does this)");
    }
}

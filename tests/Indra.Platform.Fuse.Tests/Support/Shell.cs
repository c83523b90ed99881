using System.Diagnostics;

namespace Indra.Platform.Fuse.Tests.Support;

/// <summary>Runs external programs (coreutils, attr tools, umount) against the mount from another process.</summary>
internal static class Shell
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public readonly record struct Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}, stdout \"{Output.Trim()}\", stderr \"{Error.Trim()}\"";
    }

    public static Result Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs a command through <c>sh -c</c>.</summary>
    public static Result Sh(string script) => Run("sh", "-c", script);

    /// <summary>Runs and asserts success; returns standard output.</summary>
    public static string Ok(string program, params string[] arguments)
    {
        Result result = Run(program, arguments);
        Assert.That(result.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {result}");
        return result.Output;
    }

    /// <summary>Whether <paramref name="program"/> is on PATH.</summary>
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}

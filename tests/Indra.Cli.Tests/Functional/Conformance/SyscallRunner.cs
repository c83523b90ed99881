using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// <c>runner.c</c>, compiled once with gcc into a directory every uid can read: it runs a <see cref="Script"/> in a
/// working directory and returns one result line per script line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SyscallRunner : IDisposable
{
    private readonly string _directory;
    private readonly string _program;

    private SyscallRunner(string directory, string program)
    {
        _directory = directory;
        _program = program;
    }

    public static SyscallRunner Compile()
    {
        Shell.Require("gcc", "gcc");
        string source = Path.Combine(TestContext.CurrentContext.TestDirectory, "Functional", "Conformance", "runner.c");
        Assert.That(File.Exists(source), Is.True, $"{source} was not copied to the test output");
        string directory = Directory.CreateTempSubdirectory("indra-conformance-runner-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0x1ED);
        string program = Path.Combine(directory, "runner");
        Shell.Run("gcc", ["-O1", "-Wall", "-Wextra", "-Werror", "-o", program, source]).Ok();
        return new SyscallRunner(directory, program);
    }

    /// <summary>Runs <paramref name="script"/> in <paramref name="workingDirectory"/> (as root; the script drops privileges itself).</summary>
    public IReadOnlyList<string> Run(Script script, string workingDirectory)
    {
        string file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".script");
        File.WriteAllLines(file, script.Lines);
        try
        {
            Shell.Result result = Shell.Run(_program, [workingDirectory, file], timeout: TimeSpan.FromMinutes(2));
            Assert.That(result.ExitCode, Is.Zero, $"runner failed on {script.Name} in {workingDirectory}: {result.Stderr}");
            return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

using System.Diagnostics;

namespace Indra.Hashing.Tests.Support;

/// <summary>Runs the reference <c>b3sum</c> binary (blake3.md §2.4) as a differential-testing oracle.</summary>
public static class B3sum
{
    /// <summary>The b3sum executable on PATH; fails the test (never skips) if it is missing.</summary>
    public static string Executable
    {
        get
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                string candidate = Path.Combine(dir, "b3sum");
                if (dir.Length > 0 && File.Exists(candidate))
                {
                    return candidate;
                }
            }

            Assert.Fail("The b3sum binary is not on PATH. Install it (Debian/Ubuntu: `apt-get install b3sum`) to run the BLAKE3 agreement tests.");
            return "";
        }
    }

    /// <summary>
    /// Runs b3sum with <paramref name="arguments"/> and then the files, and returns one lowercase hex output per file.
    /// </summary>
    public static string[] Run(IEnumerable<string> arguments, IReadOnlyList<string> files, byte[]? standardInput = null)
    {
        ProcessStartInfo info = new(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--no-names");
        foreach (string file in files)
        {
            info.ArgumentList.Add(file);
        }

        using Process process = Process.Start(info)!;
        if (standardInput is not null)
        {
            process.StandardInput.BaseStream.Write(standardInput);
            process.StandardInput.Close();
        }

        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"b3sum failed: {error}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(files.Count), $"b3sum printed: {output}");
        return lines;
    }
}

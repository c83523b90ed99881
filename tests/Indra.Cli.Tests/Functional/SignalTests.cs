using System.Diagnostics;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>A foreground mount ends cleanly on SIGINT and SIGTERM, committing what is staged.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SignalTests
{
    [TestCase("INT")]
    [TestCase("TERM")]
    public void ASignalFlushesStagedWritesAndUnmounts(string signal)
    {
        using var mounted = new MountedVault();
        mounted.Unmount();
        // A process started in the background by a non-interactive shell (as CI runners often start the test run)
        // inherits SIGINT ignored, and the daemon rightly keeps ignoring it; perl restores the default disposition
        // before exec, as a terminal's foreground job has it.
        var start = new ProcessStartInfo("perl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "dotnet", IndraCli.Dll, "mount", mounted.MountPoint, "--vault", mounted.VaultDirectory })
        {
            start.ArgumentList.Add(argument);
        }
        using var daemon = Process.Start(start)!;
        var output = daemon.StandardOutput.ReadLineAsync();
        Assert.That(output.Wait(TimeSpan.FromSeconds(60)), Is.True, "the foreground mount reports that it is mounted");
        Assert.That(output.Result, Does.Contain("mounted vault"));

        var path = Path.Combine(mounted.Vault, "staged.txt");
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write("written before the signal"u8);
        stream.Flush();
        Shell.Run("kill", [$"-{signal}", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Ok();
        stream.Dispose();
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(90)), Is.True, "the daemon exits");
        Assert.That(daemon.ExitCode, Is.Zero, daemon.StandardError.ReadToEnd());
        Assert.That(mounted.IsMounted, Is.False);

        mounted.Mount();
        Assert.That(File.ReadAllText(path), Is.EqualTo("written before the signal"));
    }
}

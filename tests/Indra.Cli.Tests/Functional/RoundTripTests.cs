using System.Diagnostics;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// The main job end to end: a real tree of several thousand files copied into the mount with cp -a is identical
/// (diff -r) before and after an unmount and a remount of the persistent vault.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RoundTripTests
{
    private const string Source = "/usr/share/doc";

    [Test]
    public void CopiedTreeSurvivesUnmountAndRemount()
    {
        Shell.Require("rsync", "rsync");
        using var mounted = new MountedVault();
        var native = Path.Combine(mounted.Root, "native");
        var files = Directory.EnumerateFiles(Source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToList();
        var bytes = files.Sum(f => new FileInfo(f).Length);
        Assert.That(files, Has.Count.GreaterThan(1000), "the source tree should hold several thousand files");

        var nativeCopy = Shell.Run("cp", ["-a", Source, native]).Ok();
        var target = Path.Combine(mounted.Vault, "doc");
        var mountCopy = Shell.Run("cp", ["-a", Source, target]).Ok();
        Shell.Run("diff", ["-r", "--no-dereference", Source, target]).Ok();
        AssertSameMetadata(Source, target);

        mounted.Unmount();
        Assert.That(mounted.IsMounted, Is.False);
        mounted.Mount();
        Shell.Run("diff", ["-r", "--no-dereference", Source, target]).Ok();
        AssertSameMetadata(Source, target);

        var nativeStatus = Shell.Run("ls", ["-lR", native]).Ok();
        var mountStatus = Shell.Run("ls", ["-lR", target]).Ok();
        TestContext.Progress.WriteLine(
            $"round trip: {files.Count} files, {bytes} bytes; cp -a native {nativeCopy.Elapsed.TotalSeconds:0.00} s, mount {mountCopy.Elapsed.TotalSeconds:0.00} s " +
            $"(ratio {mountCopy.Elapsed / nativeCopy.Elapsed:0.0}); ls -lR native {nativeStatus.Elapsed.TotalSeconds:0.00} s, mount {mountStatus.Elapsed.TotalSeconds:0.00} s");
    }

    /// <summary>cp -a keeps modes, mtimes and symlink targets; rsync's dry run lists any difference it would fix.</summary>
    private static void AssertSameMetadata(string source, string target)
    {
        var dryRun = Shell.Run("rsync", ["-a", "--dry-run", "--itemize-changes", "--no-owner", "--no-group", source + "/", target + "/"]).Ok();
        Assert.That(dryRun.Stdout.Trim(), Is.Empty, "rsync sees differences in modes, times or links");
    }
}

using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>indra refuses what cannot work with one line on stderr and a non-zero exit, changing nothing.</summary>
[TestFixture]
[NonParallelizable]
public sealed class CliErrorTests
{
    [Test]
    public void MountOnAMissingMountPointFails()
    {
        using var mounted = new MountedVault();
        var missing = Path.Combine(mounted.Root, "does-not-exist");
        var result = IndraCli.Run("mount", missing, "--vault", mounted.VaultDirectory);
        AssertOneLineError(result, "does not exist");
        Assert.That(Directory.Exists(missing), Is.False);
    }

    [Test]
    public void MountOnAnAlreadyMountedPointFails()
    {
        using var mounted = new MountedVault();
        var other = Path.Combine(mounted.Root, "other-vault");
        IndraCli.Run("init", "--vault", other).Ok();
        var result = IndraCli.Run("mount", mounted.MountPoint, "--vault", other);
        AssertOneLineError(result, "already mounted");
        Assert.That(Directory.Exists(mounted.Vault), Is.True, "the first mount still serves");
    }

    [Test]
    public void MountOfAVaultAnotherProcessHoldsFails()
    {
        using var mounted = new MountedVault();
        var second = Path.Combine(mounted.Root, "second-mount");
        Directory.CreateDirectory(second);
        var result = IndraCli.Run("mount", second, "--vault", mounted.VaultDirectory);
        AssertOneLineError(result, "in use by another process");
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(" " + second + " "));
        var background = IndraCli.Run("mount", second, "--vault", mounted.VaultDirectory, "--background");
        AssertOneLineError(background, "in use by another process");
    }

    [Test]
    public void UnknownVaultAndUnmountedPointFail()
    {
        var root = Path.Combine(Path.GetTempPath(), "indra-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            AssertOneLineError(IndraCli.Run("mount", root, "--vault", Path.Combine(root, "none")), "no vault");
            AssertOneLineError(IndraCli.Run("unmount", root), "not mounted");
            AssertOneLineError(IndraCli.Run("status", "--vault", Path.Combine(root, "none")), "no vault");
            var hash = IndraCli.Run("hash", Path.Combine(root, "missing.txt"));
            AssertOneLineError(hash, "No such file");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void AUserWhoCannotOpenDevFuseIsToldSoInOneLine()
    {
        var (root, vault, mountPoint) = OtherUserCli.CreateVault("indra-cli-");
        try
        {
            // As some containers leave it: the device open to root alone.
            using (OtherUserCli.DeviceMode(_ => UnixFileMode.UserRead | UnixFileMode.UserWrite))
            {
                AssertOneLineError(OtherUserCli.Run("mount", mountPoint, "--vault", vault), "this user cannot open /dev/fuse (Permission denied)");
                AssertOneLineError(OtherUserCli.Run("mount", mountPoint, "--vault", vault, "--background"), "this user cannot open /dev/fuse (Permission denied)");
            }
            Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(" " + mountPoint + " "));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void HashPrintsWhatB3sumPrints()
    {
        Shell.Require("b3sum", "b3sum");
        var file = Path.Combine(Path.GetTempPath(), "indra-hash-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllBytes(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(3_000_000));
        try
        {
            Assert.That(IndraCli.Run("hash", file).Ok().Stdout, Is.EqualTo(Shell.Run("b3sum", [file]).Ok().Stdout));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void EveryVerbHasHelp()
    {
        foreach (var verb in new[] { "init", "mount", "unmount", "status", "hash" })
        {
            var help = IndraCli.Run(verb, "--help").Ok();
            Assert.That(help.Stdout, Does.Contain("Usage:").And.Contain(verb));
        }
    }

    private static void AssertOneLineError(Shell.Result result, string expected)
    {
        Assert.That(result.ExitCode, Is.Not.Zero, result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(lines[0], Does.StartWith("indra: ").And.Contain(expected));
    }
}

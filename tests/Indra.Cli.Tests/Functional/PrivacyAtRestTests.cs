using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// A vault at rest is its owner's alone, whatever the umask: another local user (uid and gid 65534, no supplementary
/// groups, through setpriv) reads no file of it, every file and folder of it is owner-only by its own mode, an
/// existing vault's open directory is narrowed when it is mounted, and a player key others may read is refused by
/// every verb that loads it with one line (issue 12, item 7).
/// </summary>
[TestFixture]
[NonParallelizable] // runs processes as another uid
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivacyAtRestTests
{
    private string _root = "";

    private string VaultDirectory => Path.Combine(_root, "vault-store");

    private string MountPoint => Path.Combine(_root, "mnt");

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-private-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(MountPoint);
        // Other users may walk to the vault directory: only its own mode and its files' keep them out.
        File.SetUnixFileMode(_root, (UnixFileMode)0x1ED);
    }

    [TearDown]
    public void RemoveRoot()
    {
        if (File.ReadAllText("/proc/self/mountinfo").Contains(" " + MountPoint + " ", StringComparison.Ordinal))
        {
            if (IndraCli.Run("unmount", MountPoint).ExitCode != 0) Shell.Run("umount", ["-l", MountPoint]);
        }
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void Another_user_reads_no_file_of_a_new_vault_made_with_umask_022()
    {
        Umask022("init", "--vault", VaultDirectory).Ok();
        Umask022("mount", MountPoint, "--vault", VaultDirectory, "--background").Ok();
        File.WriteAllText(Path.Combine(MountPoint, "vault", "note.txt"), "private words\n");
        File.WriteAllBytes(Path.Combine(MountPoint, "vault", "large.bin"), new byte[3 << 20]); // block files, not inline
        // While mounted: the database's -wal and -shm, the lock and the log exist now.
        var whileMounted = Entries(VaultDirectory);
        Assert.That(whileMounted.Select(e => Path.GetFileName(e.Path)), Is.SupersetOf(new[] { "vault.db", "vault.db-wal", "vault.db-shm", "vault.lock", "vault.owner", "indra.log", "identity.key" }));
        IndraCli.Run("unmount", MountPoint).Ok();
        var afterUnmount = Entries(VaultDirectory);
        Assert.That(afterUnmount.Count(e => e.Path.Contains("/blocks/", StringComparison.Ordinal) && !e.IsDirectory), Is.GreaterThanOrEqualTo(1), "a block file was written");

        foreach (var (label, entries) in new[] { ("while mounted", whileMounted), ("after unmount", afterUnmount) })
        {
            var open = entries.Where(e => (e.Mode & 0x3F) != 0).Select(e => $"{Convert.ToString(e.Mode, 8)} {e.Path}").ToList();
            Assert.That(open, Is.Empty, $"{label}: files and folders open to group or others");
        }
        Assert.That(afterUnmount.First(e => e.Path == VaultDirectory).Mode, Is.EqualTo(0x1C0), "the vault directory is 0700");

        var control = Path.Combine(_root, "control.txt");
        File.WriteAllText(control, "anyone may read this\n");
        File.SetUnixFileMode(control, (UnixFileMode)0x1A4);
        var read = OtherUser.Readable([control, .. afterUnmount.Select(e => e.Path)]);
        Assert.That(read, Is.EqualTo(new[] { control }), "uid 65534 reads the 0644 control file and nothing of the vault");
    }

    [Test]
    public void A_player_key_readable_by_others_is_refused_by_mount_and_peer_invite_with_one_line()
    {
        IndraCli.Run("init", "--vault", VaultDirectory).Ok();
        var key = Path.Combine(VaultDirectory, "identity.key");
        File.SetUnixFileMode(key, (UnixFileMode)0x1A4);
        var expected = $"indra: {key} is readable by group or others (mode 0644); run chmod 600 {key}";

        foreach (var verb in new[] { new[] { "mount", MountPoint, "--vault", VaultDirectory, "--background" }, ["peer", "invite", "--vault", VaultDirectory], ["status", "--vault", VaultDirectory] })
        {
            var refused = IndraCli.Run(verb);
            Assert.That(refused.ExitCode, Is.Not.Zero, string.Join(' ', verb));
            Assert.That(refused.Stderr.TrimEnd('\n'), Is.EqualTo(expected), string.Join(' ', verb));
            Assert.That(refused.Stdout, Is.Empty, string.Join(' ', verb));
        }
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(" " + MountPoint + " "), "nothing was mounted");

        File.SetUnixFileMode(key, (UnixFileMode)0x1A0); // 0640: group-readable is refused too
        Assert.That(IndraCli.Run("peer", "invite", "--vault", VaultDirectory).Stderr, Does.Contain("(mode 0640); run chmod 600"));

        File.SetUnixFileMode(key, (UnixFileMode)0x180);
        Assert.That(IndraCli.Run("peer", "invite", "--vault", VaultDirectory).Ok().Stdout, Does.StartWith("indra:"), "0600 is accepted");
        IndraCli.Run("mount", MountPoint, "--vault", VaultDirectory, "--background").Ok();
    }

    [Test]
    public void An_existing_vault_directory_open_to_others_is_narrowed_at_mount_and_logged()
    {
        IndraCli.Run("init", "--vault", VaultDirectory).Ok();
        File.SetUnixFileMode(VaultDirectory, (UnixFileMode)0x1ED); // 0755, as vaults were made before
        IndraCli.Run("mount", MountPoint, "--vault", VaultDirectory, "--background").Ok();
        Assert.That(File.GetUnixFileMode(VaultDirectory), Is.EqualTo((UnixFileMode)0x1C0), "0700");
        Assert.That(File.ReadAllText(Path.Combine(VaultDirectory, "indra.log")), Does.Contain($"vault directory {VaultDirectory} was open to group or others (mode 0755); it is now owner-only (0700)"));
    }

    [Test]
    public void Mount_help_says_what_allow_other_exposes()
    {
        var help = IndraCli.Run("mount", "--help").Ok().Stdout;
        Assert.That(help, Does.Contain("--allow-other"));
        Assert.That(help, Does.Contain("Let other local users enter the mount"));
        Assert.That(help, Does.Contain("peers/ and realms/ stay yours alone"));
    }

    /// <summary>Runs <c>indra ARGS</c> in a shell whose umask is 022, as most users' is.</summary>
    private static Shell.Result Umask022(params string[] arguments) =>
        Shell.Run("bash", ["-c", "umask 022 && exec \"$@\"", "indra", "dotnet", IndraCli.Dll, .. arguments], timeout: TimeSpan.FromMinutes(3));

    /// <summary>Every file and folder under <paramref name="directory"/> (itself included) with its permission bits, as root sees them.</summary>
    private static List<(string Path, int Mode, bool IsDirectory)> Entries(string directory)
    {
        var lines = Shell.Run("find", [directory, "-printf", "%m %y %p\\n"]).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Select(line => line.Split(' ', 3)).Select(f => (f[2], Convert.ToInt32(f[0], 8), f[1] == "d"))];
    }
}

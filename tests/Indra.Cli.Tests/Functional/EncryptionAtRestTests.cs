using System.Security.Cryptography;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Encryption at rest through real mounts (issue 17, item 4; docs/encryption.md): an encrypted vault's directory holds
/// no 32-byte window of what was written (block files, inline rows, the database), yet reads return it, identical files
/// share blocks and ids stay what b3sum prints; a wrong passphrase or key file is refused with one line by mount and
/// by fsck; a flipped byte in a sealed block reads as EIO with a log line naming the file, and fsck reports it.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EncryptionAtRestTests
{
    private const string Passphrase = "correct horse battery staple";
    private const int BlockSize = 64 * 1024;
    private string _root = "";

    private string VaultDirectory => Path.Combine(_root, "vault-store");

    private string MountPoint => Path.Combine(_root, "mnt");

    private string Vault => Path.Combine(MountPoint, "vault");

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-sealed-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(MountPoint);
    }

    [TearDown]
    public void RemoveRoot()
    {
        if (IsMounted && IndraCli.Run("unmount", MountPoint).ExitCode != 0) Shell.Run("umount", ["-l", MountPoint]);
        Directory.Delete(_root, recursive: true);
    }

    private bool IsMounted => File.ReadAllText("/proc/self/mountinfo").Contains(" " + MountPoint + " ", StringComparison.Ordinal);

    private static Dictionary<string, string> WithPassphrase(string passphrase) => new() { ["INDRA_PASSPHRASE"] = passphrase };

    private void InitWithPassphrase() =>
        IndraCli.RunWith(WithPassphrase(Passphrase), "init", "--vault", VaultDirectory, "--block-size", BlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--encrypt").Ok();

    private Shell.Result Mount(string passphrase) =>
        IndraCli.RunWith(WithPassphrase(passphrase), "mount", MountPoint, "--vault", VaultDirectory, "--background");

    [Test]
    public void No_file_of_an_encrypted_vault_holds_a_plaintext_window_while_reads_ids_and_sharing_of_blocks_hold()
    {
        InitWithPassphrase();
        var key = File.ReadAllText(Path.Combine(VaultDirectory, "vault.key"));
        Assert.That(File.GetUnixFileMode(Path.Combine(VaultDirectory, "vault.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "vault.key is 0600");
        Assert.That(key, Does.Contain("\"pbkdf2-sha256\"").And.Contain("\"iterations\": 600000"));
        Mount(Passphrase).Ok();
        var large = Letters(5 * BlockSize + 1234, seed: 1); // block files (positional, plain-named first and tail)
        var small = Letters(6_000, seed: 2); // one inline block in the database
        File.WriteAllBytes(Path.Combine(Vault, "large.txt"), large);
        File.WriteAllBytes(Path.Combine(Vault, "small.txt"), small);
        // fsync(2) of each file commits its metadata (inline rows too), which the daemon otherwise queues briefly.
        Shell.Run("sync", [Path.Combine(Vault, "large.txt"), Path.Combine(Vault, "small.txt")]).Ok();
        var blocksBefore = StoredBlocks();
        File.WriteAllBytes(Path.Combine(Vault, "large-again.txt"), large);
        File.WriteAllBytes(Path.Combine(Vault, "small-again.txt"), small);
        Shell.Run("sync", [Path.Combine(Vault, "large-again.txt"), Path.Combine(Vault, "small-again.txt")]).Ok();
        Assert.That(StoredBlocks(), Is.EqualTo(blocksBefore), "identical files share their blocks (same count of block files and inline rows)");
        Assert.That(blocksBefore, Is.EqualTo((5, 2)), "five full blocks as files; the tail and the small file inline");
        foreach (var name in new[] { "large.txt", "small.txt", "large-again.txt" })
        {
            var path = Path.Combine(Vault, name);
            var id = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok().Stdout.Trim();
            var b3sum = Shell.Run("b3sum", ["--no-names", path]).Ok().Stdout.Trim();
            Assert.That(id, Is.EqualTo(b3sum), $"{name}: user.indra.id is b3sum");
        }
        IndraCli.Run("unmount", MountPoint).Ok();

        var control = Path.Combine(_root, "control");
        Directory.CreateDirectory(control);
        File.WriteAllBytes(Path.Combine(control, "plain.bin"), [.. new byte[100], .. small.AsSpan(1000, 40)]);
        Assert.That(PlainWindows.Find(control, [large, small], 32), Has.Count.EqualTo(1), "the scan finds a 40-byte piece of plain text");
        var leaks = PlainWindows.Find(VaultDirectory, [large, small], 32);
        Assert.That(leaks, Is.Empty, "files of the vault directory holding a 32-byte window of a written file");
        var inlineRows = Shell.Run("sqlite3", [Path.Combine(VaultDirectory, "vault.db"), "SELECT hex(substr(data, 1, 1)), length(data) FROM inline_blocks ORDER BY length(data)"]).Ok().Stdout.Trim();
        Assert.That(inlineRows, Is.EqualTo($"01|{1234 + 17}\n01|{small.Length + 17}"), "the inline rows: format byte 1, the plain size plus the 17-byte overhead");

        Mount(Passphrase).Ok();
        Assert.That(File.ReadAllBytes(Path.Combine(Vault, "large-again.txt")), Is.EqualTo(large), "read back after a remount");
        Assert.That(File.ReadAllBytes(Path.Combine(Vault, "small.txt")), Is.EqualTo(small));
        IndraCli.Run("unmount", MountPoint).Ok();
        var fsck = IndraCli.RunWith(WithPassphrase(Passphrase), "fsck", "--vault", VaultDirectory).Ok();
        Assert.That(fsck.Stdout, Does.Contain("0 problems"));
    }

    [Test]
    public void A_wrong_or_missing_passphrase_is_refused_with_one_line_by_mount_and_fsck()
    {
        InitWithPassphrase();
        var wrong = Mount("not the passphrase");
        Assert.That(wrong.ExitCode, Is.Not.Zero);
        Assert.That(wrong.Stderr.Trim(), Is.EqualTo($"indra: wrong passphrase for vault {VaultDirectory}"), "one line");
        Assert.That(IsMounted, Is.False);
        var none = IndraCli.RunWith(new Dictionary<string, string> { ["INDRA_PASSPHRASE"] = "" }, "mount", MountPoint, "--vault", VaultDirectory, "--background");
        Assert.That(none.ExitCode, Is.Not.Zero);
        Assert.That(none.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1).And.One.StartsWith("indra: no passphrase given"));
        var fsck = IndraCli.RunWith(WithPassphrase("not the passphrase"), "fsck", "--vault", VaultDirectory);
        Assert.That(fsck.ExitCode, Is.Not.Zero);
        Assert.That(fsck.Stderr.Trim(), Is.EqualTo($"indra: wrong passphrase for vault {VaultDirectory}"));
        var gc = IndraCli.RunWith(WithPassphrase("not the passphrase"), "gc", "--vault", VaultDirectory);
        Assert.That(gc.Stderr.Trim(), Is.EqualTo($"indra: wrong passphrase for vault {VaultDirectory}"));
        Mount(Passphrase).Ok();
        File.WriteAllText(Path.Combine(Vault, "ok.txt"), "opened with the right passphrase\n");
        Assert.That(File.ReadAllText(Path.Combine(Vault, "ok.txt")), Is.EqualTo("opened with the right passphrase\n"));
    }

    [Test]
    public void A_vault_wrapped_by_a_key_file_mounts_with_it_only()
    {
        var keyFile = Path.Combine(_root, "vault.secret");
        File.WriteAllBytes(keyFile, RandomNumberGenerator.GetBytes(32));
        var other = Path.Combine(_root, "other.secret");
        File.WriteAllBytes(other, RandomNumberGenerator.GetBytes(32));
        var shortFile = Path.Combine(_root, "short.secret");
        File.WriteAllBytes(shortFile, RandomNumberGenerator.GetBytes(16));
        var refused = IndraCli.Run("init", "--vault", VaultDirectory, "--encrypt", "--key-file", shortFile);
        Assert.That(refused.Stderr.Trim(), Does.StartWith("indra: key file").And.Contain("at least 32"));
        Assert.That(File.Exists(Path.Combine(VaultDirectory, "vault.db")) || File.Exists(Path.Combine(VaultDirectory, "vault.key")), Is.False, "nothing was created");
        IndraCli.Run("init", "--vault", VaultDirectory, "--encrypt", "--key-file", keyFile).Ok();

        var wrong = IndraCli.Run("mount", MountPoint, "--vault", VaultDirectory, "--background", "--key-file", other);
        Assert.That(wrong.Stderr.Trim(), Is.EqualTo($"indra: wrong key file for vault {VaultDirectory}: {other} does not unlock its key"));
        var missing = IndraCli.RunWith(WithPassphrase(Passphrase), "mount", MountPoint, "--vault", VaultDirectory, "--background");
        Assert.That(missing.Stderr.Trim(), Does.StartWith("indra: the vault").And.Contain("--key-file"));
        Assert.That(IsMounted, Is.False);

        IndraCli.Run("mount", MountPoint, "--vault", VaultDirectory, "--background", "--key-file", keyFile).Ok();
        var data = Letters(200_000, seed: 3);
        File.WriteAllBytes(Path.Combine(Vault, "f.txt"), data);
        IndraCli.Run("unmount", MountPoint).Ok();
        Assert.That(PlainWindows.Find(VaultDirectory, [data], 32), Is.Empty);
        IndraCli.Run("mount", MountPoint, "--vault", VaultDirectory, "--background", "--key-file", keyFile).Ok();
        Assert.That(File.ReadAllBytes(Path.Combine(Vault, "f.txt")), Is.EqualTo(data));
    }

    [Test]
    public void A_flipped_byte_in_a_sealed_block_reads_as_EIO_with_a_log_line_naming_the_file_and_fsck_reports_it()
    {
        InitWithPassphrase();
        Mount(Passphrase).Ok();
        var data = Letters(3 * BlockSize, seed: 4);
        File.WriteAllBytes(Path.Combine(Vault, "victim.txt"), data);
        File.WriteAllText(Path.Combine(Vault, "bystander.txt"), "still readable\n");
        IndraCli.Run("unmount", MountPoint).Ok();
        var blockFiles = Directory.EnumerateFiles(Path.Combine(VaultDirectory, "blocks"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) != "tmp").ToList();
        Assert.That(blockFiles, Has.Count.EqualTo(3));
        var target = blockFiles[1];
        var bytes = File.ReadAllBytes(target);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(target, bytes);

        Mount(Passphrase).Ok();
        var read = Shell.Run("cat", [Path.Combine(Vault, "victim.txt")]);
        Assert.That(read.ExitCode, Is.Not.Zero);
        Assert.That(read.Stderr, Does.Contain("Input/output error"));
        Assert.That(File.ReadAllText(Path.Combine(Vault, "bystander.txt")), Is.EqualTo("still readable\n"), "the rest of the vault is served");
        var log = Path.Combine(VaultDirectory, "indra.log");
        Eventually.WaitFor(() => File.ReadAllText(log).Contains("victim.txt", StringComparison.Ordinal), "a log line naming the file");
        Assert.That(File.ReadAllLines(log).Where(l => l.Contains("victim.txt", StringComparison.Ordinal)), Has.All.Contains("does not authenticate"));
        IndraCli.Run("unmount", MountPoint).Ok();

        var fsck = IndraCli.RunWith(WithPassphrase(Passphrase), "fsck", "--vault", VaultDirectory);
        Assert.That(fsck.ExitCode, Is.EqualTo(1));
        Assert.That(fsck.Stdout, Does.Contain("CorruptBlock").And.Contain("does not authenticate").And.Contain("victim.txt"));
    }

    /// <summary>Block files and inline rows of the vault (it must not be mounted, or be synced).</summary>
    private (int Files, int Inline) StoredBlocks()
    {
        var files = Directory.EnumerateFiles(Path.Combine(VaultDirectory, "blocks"), "*", SearchOption.AllDirectories)
            .Count(f => Path.GetFileName(Path.GetDirectoryName(f)) != "tmp");
        var inline = int.Parse(Shell.Run("sqlite3", [Path.Combine(VaultDirectory, "vault.db"), "SELECT count(*) FROM inline_blocks"]).Ok().Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (files, inline);
    }

    /// <summary>Lower-case letters from a seeded generator: any 32-byte window of them is found only where it was copied.</summary>
    private static byte[] Letters(int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)('a' + random.Next(26));
        return bytes;
    }
}

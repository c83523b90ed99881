using System.Security.Cryptography;
using System.Text;

namespace Indra.ObjectStore.Tests.Functional;

/// <summary>
/// <c>indra restore</c> onto a new directory keeps the player key the backup carries, which is in the bucket only
/// sealed: by the vault key of an encrypted vault, or by a passphrase given at backup (docs/backup.md).
/// </summary>
public sealed class RestoreIdentityTests
{
    private const string PassphraseVariable = "INDRA_PASSPHRASE";

    [Test]
    public void A_plain_vault_backed_up_with_a_passphrase_is_restored_with_its_player_key()
    {
        using var vault = new ObjectVault("ident");
        using var bucket = new TestBucket(vault.Prefix);
        File.WriteAllText(Path.Combine(vault.Vault, "note.txt"), "same player\n");
        var original = File.ReadAllBytes(Path.Combine(vault.VaultDirectory, "identity.key"));
        var passphrase = new Dictionary<string, string> { ["INDRA_BACKUP_PASSPHRASE"] = "correct horse" };
        var backup = ObjectVault.Run(["backup", "--with-identity", "--vault", vault.VaultDirectory], passphrase).Ok();
        Assert.That(backup.Stdout, Does.Contain("player key: uploaded, sealed by the passphrase"));
        AssertSealed(bucket, $"{vault.Prefix}/metadata/identity.sealed", original);
        vault.Unmount();

        var restored = Path.Combine(vault.Root, "restored");
        var wrong = ObjectVault.Run(Restore(vault, restored), new Dictionary<string, string> { ["INDRA_BACKUP_PASSPHRASE"] = "wrong" });
        Assert.That(wrong.ExitCode, Is.Not.Zero);
        var errorLines = wrong.Stderr.Trim().Split('\n').Where(line => !line.StartsWith("restore: step ", StringComparison.Ordinal)).ToArray();
        Assert.That(errorLines, Has.Length.EqualTo(1).And.Some.Contain("wrong passphrase for the player key"), "one error line after the progress lines");
        Assert.That(Directory.Exists(restored), Is.False, "a refused restore leaves nothing behind");

        var right = ObjectVault.Run(Restore(vault, restored), passphrase).Ok();
        Assert.That(right.Stdout, Does.Contain("(the backup's player key)"));
        Assert.That(File.ReadAllBytes(Path.Combine(restored, "identity.key")), Is.EqualTo(original), "the same player key");
        vault.VaultDirectory = restored;
        vault.Mount();
        Assert.That(File.ReadAllText(Path.Combine(vault.Vault, "note.txt")), Is.EqualTo("same player\n"));
    }

    [Test]
    public void An_encrypted_vault_is_restored_with_its_key_and_player_and_reads_back_from_the_bucket()
    {
        Environment.SetEnvironmentVariable(PassphraseVariable, "vault secret");
        try
        {
            using var vault = new ObjectVault("sealed", true, "--encrypt");
            using var bucket = new TestBucket(vault.Prefix);
            var source = Path.Combine(vault.Root, "data.bin");
            File.WriteAllBytes(source, RandomNumberGenerator.GetBytes(3 << 20));
            var since = DateTimeOffset.UtcNow;
            Shell.Run("cp", [source, Path.Combine(vault.Vault, "data.bin")]).Ok();
            vault.WaitUploaded(since, bucket);
            var original = File.ReadAllBytes(Path.Combine(vault.VaultDirectory, "identity.key"));
            var backup = vault.Cli("backup").Ok();
            Assert.That(backup.Stdout, Does.Contain("player key: uploaded, sealed by the vault key"));
            AssertSealed(bucket, $"{vault.Prefix}/metadata/identity.sealed", original);
            Assert.That(bucket.Get($"{vault.Prefix}/metadata/vault.key"), Is.EqualTo(File.ReadAllBytes(Path.Combine(vault.VaultDirectory, "vault.key"))));
            vault.Unmount();

            var restored = Path.Combine(vault.Root, "restored");
            var wrong = ObjectVault.Run(Restore(vault, restored), new Dictionary<string, string> { [PassphraseVariable] = "not it" });
            Assert.That(wrong.ExitCode, Is.Not.Zero);
            Assert.That(wrong.Stderr, Does.Contain("wrong passphrase"));
            Assert.That(Directory.Exists(restored), Is.False, "a refused restore leaves nothing behind");

            var right = ObjectVault.Run(Restore(vault, restored)).Ok();
            Assert.That(right.Stdout, Does.Contain("(the backup's player key)"));
            Assert.That(File.ReadAllBytes(Path.Combine(restored, "identity.key")), Is.EqualTo(original), "the same player key");
            // The restored vault has no cache yet: every block comes from the bucket, sealed, and opens with the restored key.
            vault.VaultDirectory = restored;
            vault.Mount();
            Shell.Run("cmp", [source, Path.Combine(vault.Vault, "data.bin")]).Ok();
            vault.Unmount();
            Assert.That(vault.Cli("fsck").Ok().Stdout, Does.Contain("0 problems"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PassphraseVariable, null);
        }
    }

    private static string[] Restore(ObjectVault vault, string directory) => ["restore", "--blocks", vault.Url, "--endpoint", Ceph.Cluster.Endpoint, "--vault", directory];

    /// <summary>The object is there and holds no line of the player key's PEM text (nor its header).</summary>
    private static void AssertSealed(TestBucket bucket, string key, byte[] identity)
    {
        var stored = Encoding.ASCII.GetString(bucket.Get(key) ?? throw new AssertionException($"no {key} in the bucket"));
        Assert.That(stored, Does.Not.Contain("PRIVATE KEY"));
        foreach (var line in Encoding.ASCII.GetString(identity).Split('\n').Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)))
            Assert.That(stored, Does.Not.Contain(line[..16]), "a window of the player key in plain text");
    }
}

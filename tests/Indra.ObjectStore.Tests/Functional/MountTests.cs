using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Indra.ObjectStore.Tests.Functional;

/// <summary>Real mounts whose blocks are in the run's RGW: copies, the bucket's contents, credentials, backup and restore, damage.</summary>
public sealed partial class MountTests
{
    [Test]
    public void Usr_share_doc_comes_back_from_ceph_after_the_cache_is_wiped()
    {
        Shell.Require("diff", "diffutils");
        using var vault = new ObjectVault("doc");
        using var bucket = new TestBucket(vault.Prefix);
        var big = Path.Combine(vault.Root, "big.bin");
        File.WriteAllBytes(big, RandomNumberGenerator.GetBytes(5 * (1 << 20) + 12_345));
        var since = DateTimeOffset.UtcNow;
        Shell.Run("cp", ["-a", "/usr/share/doc", Path.Combine(vault.Vault, "doc")], timeout: TimeSpan.FromMinutes(3)).Ok();
        Shell.Run("cp", [big, Path.Combine(vault.Vault, "big.bin")]).Ok();
        Shell.Run("diff", ["-r", "--no-dereference", "/usr/share/doc", Path.Combine(vault.Vault, "doc")]).Ok();

        vault.WaitUploaded(since, bucket);
        var stored = vault.StoredBlocks();
        Assert.That(stored, Has.Count.GreaterThan(100), "the copy stored blocks outside the database");
        Assert.That(bucket.Blocks(), Is.EquivalentTo(stored), "the bucket holds exactly the vault's blocks");

        vault.Unmount();
        vault.WipeCache();
        vault.Mount();
        Shell.Run("diff", ["-r", "--no-dereference", "/usr/share/doc", Path.Combine(vault.Vault, "doc")], timeout: TimeSpan.FromMinutes(3)).Ok();
        Shell.Run("cmp", [big, Path.Combine(vault.Vault, "big.bin")]).Ok();

        // A deleted file's blocks leave the bucket; gc finds what no file uses (an object left there) by listing it.
        File.Delete(Path.Combine(vault.Vault, "big.bin"));
        vault.Unmount();
        Assert.That(bucket.Blocks(), Is.EquivalentTo(vault.StoredBlocks()), "the deleted file's blocks were deleted from the bucket");
        var orphan = RandomNumberGenerator.GetBytes(70_000);
        bucket.Raw.Put(bucket.Location.BlockKey(Indra.Hashing.Blake3.Hash(orphan)), orphan);
        var gc = vault.Cli("gc").Ok();
        Assert.That(gc.Stdout, Does.Contain("gc: reclaimed 1 blocks, 70,000 bytes"));
        Assert.That(bucket.Blocks(), Is.EquivalentTo(vault.StoredBlocks()));
        var fsck = vault.Cli("fsck").Ok();
        Assert.That(fsck.Stdout, Does.Contain("0 problems"));
    }

    [Test]
    public void Wrong_credentials_fail_the_mount_with_one_line()
    {
        using var vault = new ObjectVault("creds", mount: false);
        foreach (var (variable, value, code) in new[] { ("AWS_SECRET_ACCESS_KEY", "wrong-secret", "SignatureDoesNotMatch"), ("AWS_ACCESS_KEY_ID", "NOSUCHKEY", "InvalidAccessKeyId") })
        {
            var result = ObjectVault.Run(["mount", vault.MountPoint, "--vault", vault.VaultDirectory, "--background"], new Dictionary<string, string> { [variable] = value });
            Assert.That(result.ExitCode, Is.Not.Zero);
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1), result.Stderr);
            Assert.That(lines[0], Does.Contain(code).And.Contain(vault.Url).And.Contain("credentials from the environment").And.Not.Contain("wrong-secret"));
            Assert.That(vault.IsMounted, Is.False);
        }
        vault.Mount();
        Assert.That(vault.IsMounted, Is.True, "the right credentials mount");
    }

    [Test]
    public void Backup_and_restore_onto_a_new_directory_keep_every_file_id()
    {
        Shell.Require("getfattr", "attr");
        using var vault = new ObjectVault("backup");
        using var bucket = new TestBucket(vault.Prefix);
        var since = DateTimeOffset.UtcNow;
        Shell.Run("cp", ["-a", "/usr/share/doc/bash", "/usr/share/doc/apt", Path.Combine(vault.Vault)]).Ok();
        File.WriteAllBytes(Path.Combine(vault.Vault, "three-blocks.bin"), RandomNumberGenerator.GetBytes(3 << 20));
        File.WriteAllText(Path.Combine(vault.Vault, "small.txt"), "small\n");
        var before = Ids(vault.Vault);
        Assert.That(before, Has.Count.GreaterThan(10));
        vault.WaitUploaded(since, bucket);

        var backup = vault.Cli("backup").Ok();
        Assert.That(backup.Stdout, Does.Match($@"backup: {Regex.Escape(vault.Prefix)}/metadata/vault-\d{{8}}T\d{{9}}Z\.db"));
        Assert.That(bucket.Keys(), Does.Contain($"{vault.Prefix}/metadata/latest"));
        vault.Unmount();

        var restored = Path.Combine(vault.Root, "restored");
        var restore = ObjectVault.Run(["restore", "--blocks", vault.Url, "--endpoint", Ceph.Cluster.Endpoint, "--vault", restored]).Ok();
        Assert.That(restore.Stdout, Does.Contain($"restored vault {restored}"));
        vault.VaultDirectory = restored;
        vault.Mount();
        Assert.That(Ids(vault.Vault), Is.EquivalentTo(before), "every path keeps its user.indra.id");
        Shell.Run("diff", ["-r", "--no-dereference", "/usr/share/doc/bash", Path.Combine(vault.Vault, "bash")]).Ok();
        vault.Unmount();
        Assert.That(vault.Cli("fsck").Ok().Stdout, Does.Contain("0 problems"));
    }

    [Test]
    public void A_corrupted_or_missing_object_is_eio_with_a_log_line_naming_the_file()
    {
        using var vault = new ObjectVault("damage");
        using var bucket = new TestBucket(vault.Prefix);
        // 3 MiB: block 0 named by its plain hash, blocks 1 and 2 by their chaining values at their positions.
        var corrupted = vault.WriteUploaded("corrupt.bin", RandomNumberGenerator.GetBytes(3 << 20), bucket);
        var missing = vault.WriteUploaded("missing.bin", RandomNumberGenerator.GetBytes(100_000), bucket).Single();
        vault.Unmount();
        foreach (var hash in corrupted) bucket.Corrupt(hash);
        bucket.Delete(missing);
        vault.WipeCache();
        vault.Mount();

        foreach (var name in new[] { "corrupt.bin", "missing.bin" })
        {
            var read = Shell.Run("cat", [Path.Combine(vault.Vault, name)]);
            Assert.That(read.ExitCode, Is.Not.Zero, name);
            Assert.That(read.Stderr, Does.Contain("Input/output error"), name);
            Wait.Until(() => File.ReadAllText(vault.LogFile).Split('\n').Any(l => l.Contains($"vault/{name}") && l.Contains("read of inode")), $"a log line naming {name}");
        }
        // Every damaged block is refused, not only the first one read (dd skips to each block).
        for (var block = 0; block < 3; block++)
        {
            var dd = Shell.Run("dd", [$"if={Path.Combine(vault.Vault, "corrupt.bin")}", "of=/dev/null", "bs=1M", $"skip={block}", "count=1"]);
            Assert.That(dd.ExitCode, Is.Not.Zero, $"block {block}");
        }
        vault.Unmount();
        var fsck = vault.Cli("fsck");
        Assert.That(fsck.ExitCode, Is.EqualTo(1));
        Assert.That(fsck.Stdout, Does.Contain("corrupt").And.Contain("vault/corrupt.bin").And.Contain("missing").And.Contain("vault/missing.bin"));
    }

    /// <summary>user.indra.id of every file under <paramref name="root"/>, by path relative to it.</summary>
    private static Dictionary<string, string> Ids(string root)
    {
        var dump = Shell.Run("getfattr", ["-R", "-n", "user.indra.id", "--absolute-names", "-e", "text", root]).Ok().Stdout;
        var ids = new Dictionary<string, string>();
        string? file = null;
        foreach (var line in dump.Split('\n'))
        {
            if (line.StartsWith("# file: ", StringComparison.Ordinal)) file = Path.GetRelativePath(root, line["# file: ".Length..]);
            else if (line.StartsWith("user.indra.id=", StringComparison.Ordinal) && file is not null) ids[file] = line["user.indra.id=".Length..].Trim('"');
        }
        return ids;
    }
}

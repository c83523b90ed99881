using System.Security.Cryptography;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>Ordinary programs on the mount: git, sqlite3, getfattr and b3sum; with requests read from /dev/fuse and
/// served over io_uring.</summary>
[TestFixture(FuseTransport.Device)]
[TestFixture(FuseTransport.Ring)]
[NonParallelizable]
public sealed class ProgramsTests(string transport)
{
    private MountedVault _mounted = null!;

    [OneTimeSetUp]
    public void MountVault()
    {
        FuseTransport.RequireKernel(transport);
        _mounted = new MountedVault(blockSize: 64 * 1024, environment: FuseTransport.Environment(transport));
        FuseTransport.AssertServing(_mounted, transport);
    }

    [OneTimeTearDown]
    public void UnmountVault() => _mounted?.Dispose();

    [Test]
    public void GitWorksInsideTheMount()
    {
        Shell.Require("git", "git");
        var repo = Path.Combine(_mounted.Vault, "repo");
        Directory.CreateDirectory(repo);
        Shell.Run("cp", ["-a", "/usr/share/doc/git", Path.Combine(repo, "docs")]).Ok();
        File.WriteAllText(Path.Combine(repo, "README.md"), "# hello\n");
        Shell.Bash("""
            git init -q -b main .
            git -c user.email=t@example.com -c user.name=T add -A
            git -c user.email=t@example.com -c user.name=T commit -q -m first
            echo change >> README.md
            git -c user.email=t@example.com -c user.name=T commit -q -am second
            git mv README.md README.txt
            git -c user.email=t@example.com -c user.name=T commit -q -m rename
            git gc -q
            """, repo).Ok();
        var status = Shell.Run("git", ["status", "--porcelain"], repo).Ok();
        Assert.That(status.Stdout, Is.Empty, "a clean work tree after commit");
        Shell.Run("git", ["fsck", "--full", "--strict"], repo).Ok();
        var log = Shell.Run("git", ["log", "--oneline"], repo).Ok();
        Assert.That(log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));

        var native = Path.Combine(_mounted.Root, "native-repo");
        Shell.Run("git", ["clone", "-q", repo, native]).Ok();
        var nativeStatus = Shell.Run("git", ["status", "--porcelain"], native).Ok();
        var mountStatus = Shell.Run("git", ["status", "--porcelain"], repo).Ok();
        TestContext.Progress.WriteLine($"git status: native {nativeStatus.Elapsed.TotalMilliseconds:0} ms, mount {mountStatus.Elapsed.TotalMilliseconds:0} ms");
    }

    [Test]
    public void SqliteDatabasePassesIntegrityCheck()
    {
        Shell.Require("sqlite3", "sqlite3");
        var db = Path.Combine(_mounted.Vault, "data.db");
        var script = "PRAGMA journal_mode=WAL;\nCREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);\n" +
            string.Concat(Enumerable.Range(0, 50).Select(i => $"BEGIN; INSERT INTO t(v) SELECT hex(randomblob(200)) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<100) SELECT x FROM c); COMMIT;\n")) +
            "DELETE FROM t WHERE id % 3 = 0;\nVACUUM;\n";
        var scriptFile = Path.Combine(_mounted.Root, "script.sql");
        File.WriteAllText(scriptFile, script);
        Shell.Bash($"sqlite3 '{db}' < '{scriptFile}'").Ok();
        var check = Shell.Run("sqlite3", [db, "PRAGMA integrity_check;", "SELECT COUNT(*) FROM t;"]).Ok();
        Assert.That(check.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "ok", "3334" }));
    }

    [Test]
    public void IdAttributeEqualsB3sum()
    {
        Shell.Require("getfattr", "attr");
        Shell.Require("b3sum", "b3sum");
        foreach (var size in new[] { 0, 1, 1024, 65535, 65536, 65537, 200_000, 3 * 65536 })
        {
            var path = Path.Combine(_mounted.Vault, $"sized-{size}.bin");
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(size));
            var attribute = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok().Stdout.Trim();
            var b3sum = Shell.Run("b3sum", ["--no-names", path]).Ok().Stdout.Trim();
            Assert.That(attribute, Is.EqualTo(b3sum), $"size {size}");
        }
    }

    [Test]
    public void IdenticalFilesShareOneIdAndOneStoredCopy()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var first = Path.Combine(_mounted.Vault, "twin-a.bin");
        File.WriteAllBytes(first, content);
        var before = Blocks(first);
        var second = Path.Combine(_mounted.Vault, "twin-b.bin");
        File.WriteAllBytes(second, content);
        var after = Blocks(second);
        Assert.Multiple(() =>
        {
            Assert.That(Xattr(second, "user.indra.id"), Is.EqualTo(Xattr(first, "user.indra.id")));
            Assert.That(after.Count, Is.EqualTo(before.Count), "no new block for identical content");
            Assert.That(after.Bytes, Is.EqualTo(before.Bytes), "no new bytes stored");
        });
    }

    [Test]
    public void FilesSharingMostBlocksStoreTheSharedBlocksOnce()
    {
        const int blockSize = 64 * 1024;
        var original = RandomNumberGenerator.GetBytes(20 * blockSize);
        File.WriteAllBytes(Path.Combine(_mounted.Vault, "base.bin"), original);
        var before = Blocks(Path.Combine(_mounted.Vault, "base.bin"));
        var edited = (byte[])original.Clone();
        edited[7 * blockSize + 99] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(_mounted.Vault, "edited.bin"), edited);
        var after = Blocks(Path.Combine(_mounted.Vault, "edited.bin"));
        Assert.That(after.Count - before.Count, Is.EqualTo(1), "only the edited block is new");
        Assert.That(after.Bytes - before.Bytes, Is.EqualTo(blockSize));
    }

    [Test]
    public void ExtendedAttributesDescribeArtifacts()
    {
        var gallery = Path.Combine(_mounted.Vault, "gallery");
        Directory.CreateDirectory(gallery);
        var story = Path.Combine(_mounted.Vault, "stories", "quest");
        Directory.CreateDirectory(story);
        File.WriteAllText(Path.Combine(gallery, "a.png"), "png");
        Assert.Multiple(() =>
        {
            Assert.That(Xattr(gallery, "user.indra.tree_type"), Is.EqualTo("Gallery"));
            Assert.That(Xattr(story, "user.indra.tree_type"), Is.EqualTo("Story"));
            Assert.That(Xattr(Path.Combine(gallery, "a.png"), "user.indra.leaf_type"), Is.EqualTo("Image"));
            Assert.That(Xattr(gallery, "user.indra.steward"), Has.Length.EqualTo(64));
            Assert.That(double.Parse(Xattr(Path.Combine(gallery, "a.png"), "user.indra.heat"), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(0.0, 1.0));
        });
        Shell.Run("setfattr", ["-n", "user.comment", "-v", "hello", Path.Combine(gallery, "a.png")]).Ok();
        Assert.That(Xattr(Path.Combine(gallery, "a.png"), "user.comment"), Is.EqualTo("hello"));
        var list = Shell.Run("getfattr", ["-d", "-m", "-", Path.Combine(gallery, "a.png")]).Ok().Stdout;
        Assert.That(list, Does.Contain("user.comment").And.Contain("user.indra.id"));
        Shell.Run("setfattr", ["-x", "user.comment", Path.Combine(gallery, "a.png")]).Ok();
        Assert.That(Shell.Run("getfattr", ["-n", "user.comment", Path.Combine(gallery, "a.png")]).ExitCode, Is.Not.Zero);
        Assert.That(Posix.SetXattr(Path.Combine(gallery, "a.png"), "user.indra.id", "00"u8.ToArray()), Is.EqualTo(Posix.EPERM));
    }

    private static string Xattr(string path, string name) => Shell.Run("getfattr", ["--only-values", "-n", name, path]).Ok().Stdout;

    /// <summary>
    /// The vault's block count and bytes once <paramref name="written"/> is committed: close(2) returns before the
    /// kernel's asynchronous RELEASE commits the file; reading its id commits it at once.
    /// </summary>
    private (long Count, long Bytes) Blocks(string written)
    {
        Xattr(written, "user.indra.id");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_mounted.Meta, "player.json")));
        var blocks = json.RootElement.GetProperty("blocks");
        return (blocks.GetProperty("count").GetInt64(), blocks.GetProperty("bytes").GetInt64());
    }
}

using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>What programs rely on: hard links, symlinks, rename over a file, truncate, O_APPEND, sparse writes, mmap.</summary>
[TestFixture]
[NonParallelizable]
public sealed class PosixSemanticsTests
{
    private MountedVault _mounted = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public void MountVault() => _mounted = new MountedVault(blockSize: 4096);

    [OneTimeTearDown]
    public void UnmountVault() => _mounted.Dispose();

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(_mounted.Vault, TestContext.CurrentContext.Test.Name);
        Directory.CreateDirectory(_dir);
    }

    [Test]
    public void HardLinksShareContentAndCountLinks()
    {
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        File.WriteAllText(a, "one");
        Assert.That(Posix.Link(a, b), Is.Zero);
        File.AppendAllText(b, " two");
        Assert.That(File.ReadAllText(a), Is.EqualTo("one two"));
        Assert.That(LinkCount(a), Is.EqualTo(2));
        Assert.That(Inode(a), Is.EqualTo(Inode(b)));
        File.Delete(a);
        Assert.That(LinkCount(b), Is.EqualTo(1));
        Assert.That(File.ReadAllText(b), Is.EqualTo("one two"));
        Assert.That(Posix.Link(_dir, Path.Combine(_dir, "dirlink")), Is.EqualTo(Posix.EPERM));
    }

    [Test]
    public void ListingsFollowEveryChangeWhileTheKernelCachesThem()
    {
        // Vault directories are listed with cache_readdir: each listing below must still be current.
        string[] List() => Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        File.WriteAllText(Path.Combine(_dir, "a"), "1");
        Assert.That(List(), Is.EqualTo(new[] { "a" }));
        Assert.That(List(), Is.EqualTo(new[] { "a" }), "a repeated listing (from the cache)");
        File.WriteAllText(Path.Combine(_dir, "b"), "2");
        Assert.That(List(), Is.EqualTo(new[] { "a", "b" }), "after a create");
        File.Move(Path.Combine(_dir, "a"), Path.Combine(_dir, "c"));
        Assert.That(List(), Is.EqualTo(new[] { "b", "c" }), "after a rename");
        Directory.CreateDirectory(Path.Combine(_dir, "d"));
        File.Delete(Path.Combine(_dir, "b"));
        Assert.That(List(), Is.EqualTo(new[] { "c", "d" }), "after mkdir and unlink");
        Assert.That(Shell.Run("ls", ["-1", _dir]).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "c", "d" }), "another process lists the same");
    }

    [Test]
    public void SymlinksResolve()
    {
        File.WriteAllText(Path.Combine(_dir, "target.txt"), "pointed to");
        Assert.That(Posix.Symlink("target.txt", Path.Combine(_dir, "link")), Is.Zero);
        Assert.That(new FileInfo(Path.Combine(_dir, "link")).LinkTarget, Is.EqualTo("target.txt"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "link")), Is.EqualTo("pointed to"));
        Assert.That(Posix.Symlink("/nowhere", Path.Combine(_dir, "dangling")), Is.Zero);
        Assert.That(new FileInfo(Path.Combine(_dir, "dangling")).LinkTarget, Is.EqualTo("/nowhere"));
    }

    [Test]
    public void RenameReplacesAnExistingFileAtomically()
    {
        var target = Path.Combine(_dir, "config");
        File.WriteAllText(target, "old");
        var temp = Path.Combine(_dir, "config.tmp");
        File.WriteAllText(temp, "new");
        var inode = Inode(temp);
        Assert.That(Posix.Rename(temp, target), Is.Zero);
        Assert.That(File.ReadAllText(target), Is.EqualTo("new"));
        Assert.That(File.Exists(temp), Is.False);
        Assert.That(Inode(target), Is.EqualTo(inode));
        File.WriteAllText(temp, "other");
        Assert.That(Posix.Rename2(temp, target, 1), Is.EqualTo(Posix.EEXIST), "RENAME_NOREPLACE");
        Assert.That(Posix.Rename2(temp, target, 2), Is.Zero, "RENAME_EXCHANGE");
        Assert.That(File.ReadAllText(target), Is.EqualTo("other"));
        Assert.That(File.ReadAllText(temp), Is.EqualTo("new"), "the two names swapped their files");
        Assert.That(Posix.Rename2(temp, target, 3), Is.EqualTo(Posix.EINVAL), "RENAME_NOREPLACE with RENAME_EXCHANGE");
        Directory.CreateDirectory(Path.Combine(_dir, "d1", "inner"));
        Assert.That(Posix.Rename(Path.Combine(_dir, "d1"), Path.Combine(_dir, "d1", "inner", "x")), Is.EqualTo(Posix.EINVAL));
        Assert.That(Posix.Rename(Path.Combine(_dir, "d1"), Path.Combine(_dir, "d2")), Is.Zero);
        Assert.That(Directory.Exists(Path.Combine(_dir, "d2", "inner")), Is.True);
    }

    [Test]
    public void TruncateShrinksAndExtendsWithZeros()
    {
        var path = Path.Combine(_dir, "t.bin");
        var data = RandomNumberGenerator.GetBytes(10_000);
        File.WriteAllBytes(path, data);
        Assert.That(Posix.Truncate(path, 5000), Is.Zero);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(data[..5000]));
        Assert.That(Posix.Truncate(path, 9000), Is.Zero);
        var grown = File.ReadAllBytes(path);
        Assert.That(grown[..5000], Is.EqualTo(data[..5000]));
        Assert.That(grown[5000..].All(b => b == 0), Is.True, "extension reads as zeros, not the old bytes");
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(3);
        }
        Assert.That(new FileInfo(path).Length, Is.EqualTo(3));
    }

    [Test]
    public void AppendWritesGoToTheEnd()
    {
        var path = Path.Combine(_dir, "log.txt");
        File.WriteAllText(path, "start\n");
        for (var i = 0; i < 3; i++)
        {
            Assert.That(Posix.Open(path, Posix.O_WRONLY | Posix.O_APPEND, 0, out var fd), Is.Zero);
            Assert.That(Posix.Write(fd, System.Text.Encoding.ASCII.GetBytes($"line {i}\n")), Is.Zero);
            Posix.Close(fd);
        }
        Assert.That(File.ReadAllText(path), Is.EqualTo("start\nline 0\nline 1\nline 2\n"));
    }

    [Test]
    public void SparseWritesPastTheEndReadAsZeros()
    {
        var path = Path.Combine(_dir, "sparse.bin");
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
        {
            stream.Write("head"u8);
            stream.Seek(1_000_000, SeekOrigin.Begin);
            stream.Write("tail"u8);
        }
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes, Has.Length.EqualTo(1_000_004));
        Assert.That(bytes[..4], Is.EqualTo("head"u8.ToArray()));
        Assert.That(bytes[4..1_000_000].All(b => b == 0), Is.True);
        Assert.That(bytes[1_000_000..], Is.EqualTo("tail"u8.ToArray()));
    }

    [Test]
    public void MemoryMappedReadsAndWrites()
    {
        var path = Path.Combine(_dir, "mapped.bin");
        var data = RandomNumberGenerator.GetBytes(64 * 1024);
        File.WriteAllBytes(path, data);
        using (var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite))
        using (var view = map.CreateViewAccessor(0, data.Length))
        {
            Assert.That(view.ReadByte(12345), Is.EqualTo(data[12345]), "mmap read");
            view.Write(100, (byte)0xAB);
            view.Write(60_000, (byte)0xCD);
            view.Flush();
        }
        data[100] = 0xAB;
        data[60_000] = 0xCD;
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(data), "mmap writes reach the file");
        var id = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok().Stdout;
        Assert.That(id, Is.EqualTo(Shell.Run("b3sum", ["--no-names", path]).Ok().Stdout.Trim()));
    }

    [Test]
    public void OverwriteInTheMiddleOfAMultiBlockFileKeepsIdEqualToB3sum()
    {
        var path = Path.Combine(_dir, "big.bin");
        var data = RandomNumberGenerator.GetBytes(50 * 4096 + 123);
        File.WriteAllBytes(path, data);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Seek(20 * 4096 + 7, SeekOrigin.Begin);
            stream.Write([1, 2, 3]);
        }
        data[20 * 4096 + 7] = 1;
        data[20 * 4096 + 8] = 2;
        data[20 * 4096 + 9] = 3;
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(data));
        var id = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok().Stdout;
        Assert.That(id, Is.EqualTo(Shell.Run("b3sum", ["--no-names", path]).Ok().Stdout.Trim()));
    }

    [Test]
    public void CopyingInsideTheMountWithXattrsIsSilentAndExact()
    {
        var source = Path.Combine(_dir, "src");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllText(Path.Combine(source, "a.txt"), "alpha");
        File.WriteAllBytes(Path.Combine(source, "sub", "b.bin"), RandomNumberGenerator.GetBytes(70_000));
        Assert.That(Posix.Symlink("a.txt", Path.Combine(source, "link")), Is.Zero);
        Shell.Run("setfattr", ["-n", "user.comment", "-v", "kept", Path.Combine(source, "a.txt")]).Ok();
        var copy = Shell.Run("cp", ["-a", source, Path.Combine(_dir, "dst")]).Ok();
        Assert.That(copy.Stderr, Is.Empty);
        Shell.Run("diff", ["-r", "--no-dereference", source, Path.Combine(_dir, "dst")]).Ok();
        Assert.That(Shell.Run("getfattr", ["--only-values", "-n", "user.comment", Path.Combine(_dir, "dst", "a.txt")]).Ok().Stdout, Is.EqualTo("kept"));
        Assert.That(Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", Path.Combine(_dir, "dst", "sub", "b.bin")]).Ok().Stdout,
            Is.EqualTo(Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", Path.Combine(source, "sub", "b.bin")]).Ok().Stdout));
        var rsync = Shell.Run("rsync", ["-aX", source + "/", Path.Combine(_dir, "rsynced") + "/"]).Ok();
        Assert.That(rsync.Stderr, Is.Empty);
    }

    [Test]
    public void NamespacesOtherThanUserAreNotSupportedSoLsAsksOnce()
    {
        for (int i = 0; i < 50; i++)
        {
            File.WriteAllText(Path.Combine(_dir, $"f{i}"), "x");
        }
        var file = Path.Combine(_dir, "f0");
        foreach (var name in new[] { "security.selinux", "system.posix_acl_access", "trusted.note" })
        {
            Assert.That(Shell.Run("getfattr", ["-n", name, file]).Stderr, Does.Contain("Operation not supported"), name);
        }
        Assert.That(Shell.Run("setfattr", ["-n", "security.note", "-v", "1", file]).Stderr, Does.Contain("Operation not supported"));
        // ls -l asks for the security label and the ACL of every entry until one answer says the filesystem has
        // neither; ENODATA would cost two round trips per file.
        var trace = Path.Combine(Path.GetTempPath(), $"indra-ls-{Guid.NewGuid():N}.strace");
        try
        {
            var ls = Shell.Run("strace", ["-f", "-e", "trace=getxattr,lgetxattr,fgetxattr", "-o", trace, "ls", "-l", _dir]).Ok();
            Assert.That(ls.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(51));
            var asked = File.ReadLines(trace).Count(line => line.Contains("xattr(", StringComparison.Ordinal));
            Assert.That(asked, Is.LessThanOrEqualTo(4), File.ReadAllText(trace));
        }
        finally
        {
            File.Delete(trace);
        }
    }

    private static long LinkCount(string path) => long.Parse(Shell.Run("stat", ["-c", "%h", path]).Ok().Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static long Inode(string path) => long.Parse(Shell.Run("stat", ["-c", "%i", path]).Ok().Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
}

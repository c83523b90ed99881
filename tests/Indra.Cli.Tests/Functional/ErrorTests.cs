using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>Bad input gets the errno POSIX says; read-only parts of the mount refuse writes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ErrorTests
{
    private MountedVault _mounted = null!;

    [OneTimeSetUp]
    public void MountVault() => _mounted = new MountedVault();

    [OneTimeTearDown]
    public void UnmountVault() => _mounted.Dispose();

    [Test]
    public void NamesOver255BytesAreTooLong()
    {
        Assert.That(Posix.Touch(Path.Combine(_mounted.Vault, new string('a', 256))), Is.EqualTo(Posix.ENAMETOOLONG));
        Assert.That(Posix.Mkdir(Path.Combine(_mounted.Vault, new string('b', 300))), Is.EqualTo(Posix.ENAMETOOLONG));
        Assert.That(Posix.Touch(Path.Combine(_mounted.Vault, new string('é', 128))), Is.EqualTo(Posix.ENAMETOOLONG), "256 bytes of UTF-8");
        Assert.That(Posix.Touch(Path.Combine(_mounted.Vault, new string('c', 255))), Is.Zero);
    }

    [TestCase("peers")]
    [TestCase("realms")]
    [TestCase(".indra")]
    public void ReadOnlyFoldersRefuseWrites(string folder)
    {
        var root = Path.Combine(_mounted.MountPoint, folder);
        Assert.That(Posix.Touch(Path.Combine(root, "x")), Is.AnyOf(Posix.EACCES, Posix.EROFS));
        Assert.That(Posix.Mkdir(Path.Combine(root, "d")), Is.AnyOf(Posix.EACCES, Posix.EROFS));
    }

    [Test]
    public void GeneratedFilesRefuseWritesAndDeletes()
    {
        var heat = Path.Combine(_mounted.Meta, "heat.json");
        Assert.That(Posix.Open(heat, Posix.O_WRONLY, 0, out _), Is.AnyOf(Posix.EACCES, Posix.EROFS));
        Assert.That(Posix.Unlink(heat), Is.AnyOf(Posix.EACCES, Posix.EROFS));
        Assert.That(Posix.Touch(Path.Combine(_mounted.MountPoint, "top-level")), Is.AnyOf(Posix.EACCES, Posix.EROFS));
        Assert.That(Posix.Rename(Path.Combine(_mounted.MountPoint, "vault"), Path.Combine(_mounted.MountPoint, "v2")), Is.AnyOf(Posix.EACCES, Posix.EROFS));
    }

    [Test]
    public void PosixErrorsWherePosixSaysSo()
    {
        var dir = Path.Combine(_mounted.Vault, "errs");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "f");
        File.WriteAllText(file, "x");
        Directory.CreateDirectory(Path.Combine(dir, "full"));
        File.WriteAllText(Path.Combine(dir, "full", "inside"), "x");
        Assert.Multiple(() =>
        {
            Assert.That(Posix.Rmdir(Path.Combine(dir, "full")), Is.EqualTo(Posix.ENOTEMPTY));
            Assert.That(Posix.Open(Path.Combine(dir, "missing"), Posix.O_RDONLY, 0, out _), Is.EqualTo(Posix.ENOENT));
            Assert.That(Posix.Unlink(Path.Combine(dir, "missing")), Is.EqualTo(Posix.ENOENT));
            Assert.That(Posix.Open(file, Posix.O_CREAT | Posix.O_EXCL | Posix.O_WRONLY, 0x1A4, out _), Is.EqualTo(Posix.EEXIST));
            Assert.That(Posix.Mkdir(Path.Combine(dir, "full")), Is.EqualTo(Posix.EEXIST));
            Assert.That(Posix.Open(dir, Posix.O_WRONLY, 0, out _), Is.EqualTo(Posix.EISDIR));
            Assert.That(Posix.Unlink(Path.Combine(dir, "full")), Is.EqualTo(Posix.EISDIR));
            Assert.That(Posix.Rmdir(file), Is.EqualTo(Posix.ENOTDIR));
            Assert.That(Posix.Touch(Path.Combine(file, "child")), Is.EqualTo(Posix.ENOTDIR));
            Assert.That(Posix.Rename(Path.Combine(dir, "full"), file), Is.EqualTo(Posix.ENOTDIR));
            Assert.That(Posix.Rename(file, Path.Combine(dir, "full")), Is.EqualTo(Posix.EISDIR));
        });
    }
}

using Indra.FileSystem;
using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Mounting;

/// <summary>Refused mounts: each gives a MountException whose message is one line for the user.</summary>
[TestFixture]
[NonParallelizable]
public sealed class MountErrorTests
{
    private string _root = string.Empty;
    private string _mountPoint = string.Empty;

    [SetUp]
    public void CreateMountPoint() => _mountPoint = TestMount.NewMountPoint(out _root);

    [TearDown]
    public void RemoveMountPoint() => TestMount.Cleanup(_root, _mountPoint);

    private static MountException MountFails(string path, int maxThreads = 4)
    {
        var fileSystem = new MemoryFileSystem();
        var error = Assert.Throws<MountException>(() =>
            new FuseHost().Mount(fileSystem, new MountOptions(path, MaxThreads: maxThreads)).Dispose())!;
        Assert.That(error.Message, Does.Not.Contain('\n'), "the message must be one line");
        Assert.That(MountInfo.IsMounted(path), Is.False);
        return error;
    }

    [Test]
    public void A_missing_mount_point_is_refused()
    {
        string missing = Path.Combine(_root, "missing");
        Assert.That(MountFails(missing).Message, Is.EqualTo($"mount point {missing} does not exist"));
    }

    [Test]
    public void A_file_is_not_a_mount_point()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "x");
        Assert.That(MountFails(file).Message, Is.EqualTo($"mount point {file} is not a directory"));
    }

    [Test]
    public void A_non_empty_directory_is_refused()
    {
        File.WriteAllText(Path.Combine(_mountPoint, "existing"), "x");
        Assert.That(MountFails(_mountPoint).Message, Is.EqualTo($"mount point {_mountPoint} is not empty"));
    }

    [Test]
    public void An_already_mounted_directory_is_refused()
    {
        var fileSystem = new MemoryFileSystem();
        using IMountSession first = new FuseHost().Mount(fileSystem, new MountOptions(_mountPoint));
        var error = Assert.Throws<MountException>(() => new FuseHost().Mount(new MemoryFileSystem(), new MountOptions(_mountPoint)))!;
        Assert.That(error.Message, Is.EqualTo($"{_mountPoint} is already mounted"));
        Assert.That(File.Exists(Path.Combine(_mountPoint, "anything")), Is.False, "the first mount still serves");
        Assert.That(first.Unmount(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void A_trailing_slash_names_the_same_mount_point()
    {
        var fileSystem = new MemoryFileSystem();
        using IMountSession first = new FuseHost().Mount(fileSystem, new MountOptions(_mountPoint + "/"));
        Assert.That(first.MountPoint, Is.EqualTo(_mountPoint));
        var error = Assert.Throws<MountException>(() => new FuseHost().Mount(new MemoryFileSystem(), new MountOptions(_mountPoint + "/")))!;
        Assert.That(error.Message, Is.EqualTo($"{_mountPoint} is already mounted"));
    }

    [Test]
    public void Zero_threads_is_refused() =>
        Assert.That(MountFails(_mountPoint, maxThreads: 0).Message, Does.Contain("MaxThreads"));
}

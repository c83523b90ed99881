using System.Text;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Sizes without memory: truncate and pwrite at any offset up to the maximum file size cost memory in proportion to
/// the bytes written, answer as ext4 answers beyond it, and the file's id stays the BLAKE3 of its bytes, holes
/// included. Native ext4 (/tmp) is the oracle. A fixture of its own, so the daemon's peak RSS covers only these calls.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FileSizeTests
{
    /// <summary>ext4's largest file with 4 KiB blocks, and Indra's (VaultFileSystem.MaxFileSize).</summary>
    private const long MaxFileSize = (16L << 40) - 4096;
    private const long MemoryBound = 256L << 20;

    private MountedVault _mounted = null!;
    private string _native = null!;
    private int _daemon;

    [OneTimeSetUp]
    public void Mount()
    {
        _mounted = new MountedVault();
        _native = Path.Combine(_mounted.Root, "native");
        Directory.CreateDirectory(_native);
        _daemon = DaemonProcess.Of(_mounted.MountPoint);
    }

    [OneTimeTearDown]
    public void Unmount()
    {
        if (DaemonProcess.IsAlive(_daemon))
        {
            TestContext.Progress.WriteLine($"FileSizeTests: daemon peak RSS (VmHWM) {DaemonProcess.PeakRss(_daemon) >> 20} MiB");
        }
        _mounted.Dispose();
    }

    [Test]
    public void TruncateAnswersAsExt4AtEverySizeAndTheDaemonServesOn()
    {
        long[] sizes = [999_999_999_999_999, MaxFileSize + 1, long.MaxValue, MaxFileSize, 1L << 40, 5];
        foreach (var size in sizes)
        {
            var native = Path.Combine(_native, "t");
            var mounted = Path.Combine(_mounted.Vault, "t");
            File.WriteAllText(native, "x");
            File.WriteAllText(mounted, "x");
            var expected = Posix.Truncate(native, size);
            Assert.That(Posix.Truncate(mounted, size), Is.EqualTo(expected), $"truncate to {size}");
            Assert.That(new FileInfo(mounted).Length, Is.EqualTo(new FileInfo(native).Length), $"size after truncate to {size}");
            // ftruncate goes through an open handle (the kernel passes it).
            var fdNative = RangeCalls.OpenOrFail(native, Posix.O_WRONLY);
            var fdMounted = RangeCalls.OpenOrFail(mounted, Posix.O_WRONLY);
            try
            {
                Assert.That(RangeCalls.Ftruncate(fdMounted, size), Is.EqualTo(RangeCalls.Ftruncate(fdNative, size)), $"ftruncate to {size}");
            }
            finally
            {
                Posix.Close(fdNative);
                Posix.Close(fdMounted);
            }
            File.Delete(native);
            File.Delete(mounted);
        }
        Assert.That(DaemonProcess.IsAlive(_daemon), Is.True, "the daemon survived");
        File.WriteAllText(Path.Combine(_mounted.Vault, "after"), "still serving");
        Assert.That(File.ReadAllText(Path.Combine(_mounted.Vault, "after")), Is.EqualTo("still serving"));
        Assert.That(DaemonProcess.PeakRss(_daemon), Is.LessThan(MemoryBound), "peak RSS of the daemon (VmHWM)");
    }

    [Test]
    public void APwriteAt2To34ReadsBackAsHolesAndItsIdBecomesB3sum()
    {
        const long offset = 1L << 34;
        var payload = Encoding.ASCII.GetBytes("indra at sixteen GiB");
        var native = Path.Combine(_native, "sparse");
        var mounted = Path.Combine(_mounted.Vault, "sparse");
        foreach (var path in new[] { native, mounted })
        {
            var fd = RangeCalls.OpenOrFail(path, Posix.O_CREAT | Posix.O_WRONLY);
            Assert.That(RangeCalls.Pwrite(fd, payload, offset), Is.EqualTo(payload.Length), path);
            Posix.Close(fd);
        }
        Assert.That(new FileInfo(mounted).Length, Is.EqualTo(offset + payload.Length));
        Assert.That(DaemonProcess.PeakRss(_daemon), Is.LessThan(MemoryBound), "peak RSS after the pwrite");

        using (var stream = new FileStream(mounted, FileMode.Open, FileAccess.Read))
        {
            var buffer = new byte[4096];
            foreach (var at in new[] { 0L, 1L << 20, 1L << 33, offset - 4096 })
            {
                stream.Position = at;
                stream.ReadExactly(buffer);
                Assert.That(buffer.All(b => b == 0), Is.True, $"a hole reads as zeros at {at}");
            }
            stream.Position = offset - 4;
            var tail = new byte[payload.Length + 4];
            stream.ReadExactly(tail);
            Assert.That(tail, Is.EqualTo(new byte[4].Concat(payload).ToArray()));
        }
        // SEEK_DATA / SEEK_HOLE agree with ext4 (2^34 is a multiple of both block sizes).
        var fdNative = RangeCalls.OpenOrFail(native, Posix.O_RDONLY);
        var fdMounted = RangeCalls.OpenOrFail(mounted, Posix.O_RDONLY);
        try
        {
            foreach (var (at, whence) in new[] { (0L, RangeCalls.SeekData), (0L, RangeCalls.SeekHole), (offset, RangeCalls.SeekHole), (offset + 3, RangeCalls.SeekData), (offset + payload.Length, RangeCalls.SeekData), (offset + payload.Length, RangeCalls.SeekHole) })
            {
                Assert.That(RangeCalls.Seek(fdMounted, at, whence), Is.EqualTo(RangeCalls.Seek(fdNative, at, whence)), $"lseek({at}, {whence})");
            }
        }
        finally
        {
            Posix.Close(fdNative);
            Posix.Close(fdMounted);
        }
        var stat = Shell.Run("stat", ["-c", "%b", mounted]).Ok().Stdout.Trim();
        Assert.That(long.Parse(stat, System.Globalization.CultureInfo.InvariantCulture) * 512, Is.LessThan(2L << 20), "st_blocks counts stored bytes, not the holes");

        var b3sum = Shell.Run("b3sum", ["--no-mmap", "--no-names", native], timeout: TimeSpan.FromMinutes(5)).Ok().Stdout.Trim();
        string Id() => Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", mounted]).Stdout.Trim();
        Eventually.WaitFor(() => Id() == b3sum, "user.indra.id of the 16 GiB sparse file to equal b3sum", TimeSpan.FromMinutes(3));
        Assert.That(DaemonProcess.PeakRss(_daemon), Is.LessThan(MemoryBound), "peak RSS after hashing the holes");
        File.Delete(native);
    }

    [Test]
    public void WhileAnIdIsComputedTheAttributeSaysTryAgainAndIsNotListed()
    {
        var mounted = Path.Combine(_mounted.Vault, "huge");
        File.WriteAllText(mounted, "start");
        Assert.That(Posix.Truncate(mounted, 1L << 40), Is.Zero);
        var get = Shell.Run("getfattr", ["-n", "user.indra.id", mounted]);
        Assert.That(get.ExitCode, Is.Not.Zero);
        Assert.That(get.Stderr, Does.Contain("Resource temporarily unavailable"), "EAGAIN while the 1 TiB hole is hashed");
        Assert.That(Shell.Run("getfattr", ["-d", mounted]).Stdout, Does.Not.Contain("user.indra.id"));
        File.Delete(mounted);
        Assert.That(DaemonProcess.IsAlive(_daemon), Is.True);
    }
}

using System.Text.RegularExpressions;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// A mount with the kernel's writeback cache (<c>indra mount --writeback-cache</c>, here through INDRA_WRITEBACK_CACHE=1
/// as the test suites use it): small writes reach the daemon merged into page-sized ones, a write-only handle serves
/// the kernel's reads of partial pages, O_APPEND lands at the end, and the size and times the kernel kept while the
/// file was open are the ones the vault keeps (checked again after a remount, when they come from the vault alone).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class WritebackCacheTests
{
    private MountedVault _mounted = null!;

    [OneTimeSetUp]
    public void Mount() =>
        _mounted = new MountedVault(debug: true, environment: new Dictionary<string, string> { ["INDRA_WRITEBACK_CACHE"] = "1" });

    [OneTimeTearDown]
    public void Unmount() => _mounted.Dispose();

    [Test]
    public void SixtyFourSmallWritesReachTheDaemonAsAFewPageWrites()
    {
        var path = Path.Combine(_mounted.Vault, "small-writes.bin");
        var expected = Pattern(64 * 1000, seed: 3);
        Assert.That(Posix.Open(path, Posix.O_CREAT | Posix.O_WRONLY | Posix.O_EXCL, 0x1A4, out var fd), Is.Zero);
        try
        {
            for (var i = 0; i < 64; i++)
            {
                Assert.That(Posix.Write(fd, expected.AsSpan(i * 1000, 1000)), Is.Zero, "write(2)");
            }
        }
        finally
        {
            Posix.Close(fd);
        }
        var inode = Inode(path);
        // The daemon traces each request (--debug); release comes after the writeback of the file's dirty pages.
        Eventually.WaitFor(() => File.ReadAllText(_mounted.LogFile).Contains($"release({inode}, ", StringComparison.Ordinal), "the release in the daemon's trace");
        var writes = WriteLine().Matches(File.ReadAllText(_mounted.LogFile)).Count(m => m.Groups[1].Value == inode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(writes, Is.InRange(1, 16), "write requests for 64 write(2) calls of 1,000 bytes (16 pages)");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected));
    }

    [Test]
    public void AWriteOnlyHandleChangesPartOfAPageAndKeepsTheRest()
    {
        var path = Path.Combine(_mounted.Vault, "partial-page.bin");
        var original = Pattern(10_000, seed: 5);
        File.WriteAllBytes(path, original);
        // A fresh inode, so no page of it is cached: the kernel must read the page through this write-only handle.
        _mounted.Unmount();
        _mounted.Mount();
        var patch = "HELLO"u8.ToArray();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            stream.Seek(4100, SeekOrigin.Begin);
            stream.Write(patch);
        }
        var expected = (byte[])original.Clone();
        patch.CopyTo(expected, 4100);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected), "through the kernel's cache");
        _mounted.Unmount();
        _mounted.Mount();
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected), "from the vault after a remount");
    }

    [Test]
    public void AppendsThroughTwoDescriptorsLandAtTheEnd()
    {
        var path = Path.Combine(_mounted.Vault, "appended.txt");
        File.WriteAllText(path, "start;");
        Assert.That(Posix.Open(path, Posix.O_WRONLY | Posix.O_APPEND, 0, out var first), Is.Zero);
        Assert.That(Posix.Open(path, Posix.O_WRONLY | Posix.O_APPEND, 0, out var second), Is.Zero);
        try
        {
            Assert.That(Posix.Write(first, "one;"u8), Is.Zero);
            Assert.That(Posix.Write(second, "two;"u8), Is.Zero);
            Assert.That(Posix.Write(first, "three;"u8), Is.Zero);
        }
        finally
        {
            Posix.Close(first);
            Posix.Close(second);
        }
        Assert.That(File.ReadAllText(path), Is.EqualTo("start;one;two;three;"));
        _mounted.Unmount();
        _mounted.Mount();
        Assert.That(File.ReadAllText(path), Is.EqualTo("start;one;two;three;"), "after a remount");
    }

    [Test]
    public void SizeAndModificationTimeAfterCloseAreTheVaultsAfterARemount()
    {
        var path = Path.Combine(_mounted.Vault, "times.bin");
        File.WriteAllBytes(path, Pattern(5_000, seed: 7));
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            stream.Seek(0, SeekOrigin.End);
            stream.Write(Pattern(3_333, seed: 9));
        }
        var before = Shell.Run("stat", ["-c", "%s %Y.%y", path]).Ok().Stdout.Trim();
        _mounted.Unmount();
        _mounted.Mount();
        var after = Shell.Run("stat", ["-c", "%s %Y.%y", path]).Ok().Stdout.Trim();
        Assert.That(before, Does.StartWith("8333 "), "the size the kernel kept");
        Assert.That(after, Is.EqualTo(before), "size and nanosecond mtime as the vault keeps them");
    }

    private static ulong Inode(string path) => ulong.Parse(Shell.Run("stat", ["-c", "%i", path]).Ok().Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [GeneratedRegex(@"write\((\d+), handle \d+, \d+ @ \d+\) -> None")]
    private static partial Regex WriteLine();
}

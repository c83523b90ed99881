using System.Security.Cryptography;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// fallocate(2) in every mode the FUSE kernel passes on, and lseek SEEK_DATA/SEEK_HOLE, against the same calls on a
/// native ext4 file: return values, sizes and every byte must agree. The vault uses 4 KiB blocks, ext4's, so holes
/// fall on the same boundaries.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FileRangeTests
{
    private MountedVault _mounted = null!;
    private string _native = null!;

    [OneTimeSetUp]
    public void Mount()
    {
        _mounted = new MountedVault(blockSize: 4096);
        _native = Path.Combine(_mounted.Root, "native");
        Directory.CreateDirectory(_native);
    }

    [OneTimeTearDown]
    public void Unmount() => _mounted.Dispose();

    /// <summary>One fallocate call of a scenario: mode, offset, length.</summary>
    private static readonly (int Mode, long Offset, long Length)[][] Scenarios =
    [
        [(0, 12_000_000, 3_000_000), (RangeCalls.KeepSize, 20_000_000, 1_000_000)],
        [(RangeCalls.PunchHole | RangeCalls.KeepSize, 1_000_000, 5_000_000), (RangeCalls.PunchHole | RangeCalls.KeepSize, 4096, 8192)],
        [(RangeCalls.PunchHole, 1_000_000, 5_000_000)],
        [(RangeCalls.ZeroRange, 8_000_000, 9_000_000), (RangeCalls.ZeroRange | RangeCalls.KeepSize, 100, 20_000_000)],
        [(RangeCalls.ZeroRange, 3, 5), (RangeCalls.ZeroRange | RangeCalls.KeepSize, 9_000_000, 4096)],
        [(RangeCalls.PunchHole | RangeCalls.KeepSize, 9_999_000, 100_000), (0, 0, 10)],
        // COLLAPSE_RANGE (0x08) and INSERT_RANGE (0x20) never reach a FUSE filesystem (the kernel answers EOPNOTSUPP);
        // UNSHARE_RANGE (0x40) is EOPNOTSUPP on ext4 too.
        [(0, 0, 0), (0, -1, 10), (0x40, 0, 4096), (RangeCalls.KeepSize, 0, 0)],
        [(0, 1L << 45, 1), (RangeCalls.KeepSize, (16L << 40) - 4096, 1)],
    ];

    [TestCaseSource(nameof(ScenarioIndexes))]
    public void FallocateAgreesWithExt4(int scenario)
    {
        var native = Run(_native, Scenarios[scenario]);
        var mounted = Run(_mounted.Vault, Scenarios[scenario]);
        Assert.That(mounted, Is.EqualTo(native), string.Join("; ", Scenarios[scenario]));
    }

    private static IEnumerable<int> ScenarioIndexes() => Enumerable.Range(0, Scenarios.Length);

    /// <summary>Writes 10,240,000 patterned bytes, runs the calls, returns each result and size, then a hash of every byte.</summary>
    private static List<string> Run(string directory, (int Mode, long Offset, long Length)[] calls)
    {
        var path = Path.Combine(directory, "f");
        File.Delete(path);
        var pattern = Enumerable.Range(0, 10_240_000).Select(i => (byte)(i % 251)).ToArray();
        File.WriteAllBytes(path, pattern);
        var results = new List<string>();
        var fd = RangeCalls.OpenOrFail(path, Posix.O_RDWR);
        try
        {
            foreach (var (mode, offset, length) in calls)
            {
                var result = RangeCalls.Fallocate(fd, mode, offset, length);
                results.Add($"fallocate(0x{mode:x}, {offset}, {length}) = {result}, size {new FileInfo(path).Length}");
            }
        }
        finally
        {
            Posix.Close(fd);
        }
        using (var stream = File.OpenRead(path))
        {
            results.Add("sha256 " + Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
        File.Delete(path);
        return results;
    }

    [Test]
    public void SeekDataAndSeekHoleAgreeWithExt4()
    {
        var results = new List<string>[2];
        var directories = new[] { _native, _mounted.Vault };
        for (var i = 0; i < 2; i++)
        {
            var path = Path.Combine(directories[i], "holes");
            var fd = RangeCalls.OpenOrFail(path, Posix.O_CREAT | Posix.O_RDWR);
            var block = Enumerable.Repeat((byte)7, 4096).ToArray();
            RangeCalls.Pwrite(fd, block, 0);
            RangeCalls.Pwrite(fd, block, 1 << 20);
            RangeCalls.Pwrite(fd, block.AsSpan(0, 100), 3 << 20);
            RangeCalls.Ftruncate(fd, 5 << 20);
            RangeCalls.Fsync(fd);
            var list = new List<string>();
            foreach (var at in new long[] { 0, 100, 4095, 4096, 500_000, (1 << 20) - 1, 1 << 20, (1 << 20) + 4096, 3 << 20, (3 << 20) + 99, (3 << 20) + 4096, (5 << 20) - 1, 5 << 20, 6 << 20 })
            {
                list.Add($"SEEK_DATA {at} = {RangeCalls.Seek(fd, at, RangeCalls.SeekData)}");
                list.Add($"SEEK_HOLE {at} = {RangeCalls.Seek(fd, at, RangeCalls.SeekHole)}");
            }
            Posix.Close(fd);
            results[i] = list;
        }
        Assert.That(results[1], Is.EqualTo(results[0]));
    }

    [Test]
    public void AReservationLargerThanTheDiskIsEnospcAndChangesNothing()
    {
        // Not compared with ext4: ext4 would allocate until the disk is full before failing.
        var path = Path.Combine(_mounted.Vault, "reserve");
        File.WriteAllText(path, "data");
        var available = new DriveInfo(_mounted.VaultDirectory).AvailableFreeSpace;
        var fd = RangeCalls.OpenOrFail(path, Posix.O_RDWR);
        try
        {
            Assert.That(RangeCalls.Fallocate(fd, 0, 0, available + (1L << 30)), Is.EqualTo(-RangeCalls.ENOSPC));
            Assert.That(RangeCalls.Fallocate(fd, RangeCalls.KeepSize, 4, available + (1L << 30)), Is.EqualTo(-RangeCalls.ENOSPC));
            Assert.That(RangeCalls.Fallocate(fd, 0, 0, 1L << 20), Is.Zero, "a reservation that fits");
        }
        finally
        {
            Posix.Close(fd);
        }
        Assert.That(new FileInfo(path).Length, Is.EqualTo(1L << 20));
        Assert.That(File.ReadAllBytes(path).Take(4), Is.EqualTo("data"u8.ToArray()));
    }

    [Test]
    public void PunchedBlocksBecomeHolesAndStopCountingInStBlocks()
    {
        var path = Path.Combine(_mounted.Vault, "punched");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)1, 1 << 20).ToArray());
        var fd = RangeCalls.OpenOrFail(path, Posix.O_RDWR);
        Assert.That(RangeCalls.Fallocate(fd, RangeCalls.PunchHole | RangeCalls.KeepSize, 4096, (1 << 20) - 8192), Is.Zero);
        Assert.That(RangeCalls.Seek(fd, 0, RangeCalls.SeekHole), Is.EqualTo(4096));
        Assert.That(RangeCalls.Seek(fd, 4096, RangeCalls.SeekData), Is.EqualTo((1 << 20) - 4096));
        Posix.Close(fd);
        var blocks = long.Parse(Shell.Run("stat", ["-c", "%b", path]).Ok().Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(blocks * 512, Is.EqualTo(8192), "two stored 4 KiB blocks");
    }
}

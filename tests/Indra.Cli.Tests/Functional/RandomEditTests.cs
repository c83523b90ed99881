using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Seeded random sequences of pwrite, ftruncate, fallocate (allocate, punch, zero), copy_file_range, fsync and
/// close/reopen on one file, run on a native ext4 file and on the mount (4 KiB blocks, so edits straddle blocks and
/// holes of every shape; and 1 MiB blocks, where most edits fall inside a block): every result and, at every reopen
/// and at the end, every byte and the size must agree.
/// </summary>
[TestFixture(4096)]
[TestFixture(1 << 20)]
[NonParallelizable]
public sealed class RandomEditTests(int blockSize)
{
    private const int Span = 3 << 20;

    private MountedVault _mounted = null!;
    private string _native = null!;

    [OneTimeSetUp]
    public void Mount()
    {
        _mounted = new MountedVault(blockSize: blockSize);
        _native = Path.Combine(_mounted.Root, "native");
        Directory.CreateDirectory(_native);
    }

    [OneTimeTearDown]
    public void Unmount() => _mounted.Dispose();

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void ARandomSequenceOfEditsLeavesTheSameBytesAsExt4(int seed)
    {
        var sides = new[] { new Side(_native, seed), new Side(_mounted.Vault, seed) };
        var random = new Random(seed);
        var source = new byte[Span];
        random.NextBytes(source);
        foreach (var side in sides) side.Prepare(source);
        var log = new List<string>();
        try
        {
            for (var step = 0; step < 250; step++)
            {
                var op = random.Next(100);
                var offset = (long)random.Next(Span);
                var length = 1 + random.Next(op < 50 ? 20_000 : 600_000);
                var fill = (byte)random.Next(256);
                // Every random draw happens here, once, never inside the per-side calls below.
                string what;
                long[] results;
                if (op < 40) (what, results) = ($"pwrite {length} @ {offset}", sides.Select(s => s.Write(offset, length, fill)).ToArray());
                else if (op < 50) (what, results) = ($"ftruncate {offset}", sides.Select(s => s.Truncate(offset)).ToArray());
                else if (op < 60) (what, results) = ($"punch {length} @ {offset}", sides.Select(s => s.Allocate(RangeCalls.PunchHole | RangeCalls.KeepSize, offset, length)).ToArray());
                else if (op < 68) (what, results) = ($"zero {length} @ {offset}", sides.Select(s => s.Allocate(RangeCalls.ZeroRange, offset, length)).ToArray());
                else if (op < 72) (what, results) = ($"zero-keep {length} @ {offset}", sides.Select(s => s.Allocate(RangeCalls.ZeroRange | RangeCalls.KeepSize, offset, length)).ToArray());
                else if (op < 78)
                {
                    var mode = random.Next(2) == 0 ? 0 : RangeCalls.KeepSize;
                    (what, results) = ($"allocate 0x{mode:x} {length} @ {offset}", sides.Select(s => s.Allocate(mode, offset, length)).ToArray());
                }
                else if (op < 90)
                {
                    var from = (long)random.Next(Span);
                    // Half the copies keep the block alignment of source and target (shared blocks), half do not.
                    var to = random.Next(2) == 0 ? from : offset;
                    (what, results) = ($"copy_file_range {length} from {from} to {to}", sides.Select(s => s.Copy(from, to, length)).ToArray());
                }
                else if (op < 95) (what, results) = ("fsync", sides.Select(s => s.Fsync()).ToArray());
                else
                {
                    what = "close and reopen";
                    foreach (var side in sides) side.Reopen();
                    results = [0, 0];
                    Assert.That(sides[1].Bytes(), Is.EqualTo(sides[0].Bytes()), $"bytes after step {step}:\n{string.Join("\n", log)}");
                }
                log.Add($"{step}: {what} -> {string.Join(" / ", results)}");
                Assert.That(results[1], Is.EqualTo(results[0]), $"step {step}: {what}\n{string.Join("\n", log)}");
            }
            foreach (var side in sides) side.Reopen();
            Assert.That(sides[1].Size, Is.EqualTo(sides[0].Size));
            Assert.That(sides[1].Bytes(), Is.EqualTo(sides[0].Bytes()), "bytes at the end");
            Assert.That(Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", sides[1].Path]).Ok().Stdout.Trim(),
                Is.EqualTo(Shell.Run("b3sum", ["--no-names", sides[0].Path]).Ok().Stdout.Trim()), "the id is b3sum of the bytes");
        }
        finally
        {
            foreach (var side in sides) side.Dispose();
        }
    }

    /// <summary>One file and the source of its copies, in one directory, with open descriptors.</summary>
    private sealed class Side(string directory, int seed) : IDisposable
    {
        private int _fd = -1;
        private int _source = -1;

        public string Path { get; } = System.IO.Path.Combine(directory, $"edited-{seed}");

        private string SourcePath => System.IO.Path.Combine(directory, $"source-{seed}");

        public long Size => new FileInfo(Path).Length;

        public void Prepare(byte[] source)
        {
            File.WriteAllBytes(SourcePath, source);
            File.Delete(Path);
            _source = RangeCalls.OpenOrFail(SourcePath, Posix.O_RDONLY);
            _fd = RangeCalls.OpenOrFail(Path, Posix.O_CREAT | Posix.O_RDWR);
        }

        public long Write(long offset, int length, byte fill) => RangeCalls.Pwrite(_fd, Enumerable.Repeat(fill, length).ToArray(), offset);

        public long Truncate(long size) => RangeCalls.Ftruncate(_fd, size);

        public long Allocate(int mode, long offset, long length) => RangeCalls.Fallocate(_fd, mode, offset, length);

        public long Copy(long from, long to, long length) => RangeCalls.CopyFileRangeAt(_source, from, _fd, to, length);

        public long Fsync() => RangeCalls.Fsync(_fd);

        public void Reopen()
        {
            Posix.Close(_fd);
            _fd = RangeCalls.OpenOrFail(Path, Posix.O_RDWR);
        }

        public byte[] Bytes() => File.ReadAllBytes(Path);

        public void Dispose()
        {
            if (_fd >= 0) Posix.Close(_fd);
            if (_source >= 0) Posix.Close(_source);
        }
    }
}

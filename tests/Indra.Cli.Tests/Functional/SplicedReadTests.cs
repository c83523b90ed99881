using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Reads answered from a block file (the FUSE read callback's <c>fuse_reply_data</c> with a file range, which libfuse
/// splices) give the file's bytes: O_DIRECT reads, so every pread is one READ request of exactly its offset and size,
/// over a file of 64 KiB blocks with a hole and a tail kept in the database, at many sizes and offsets, across block
/// boundaries, at and past the end of the file. A block not verified since the mount is served only after it was
/// read and hashed, and a corrupt one is never served.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SplicedReadTests
{
    private const int BlockSize = 64 << 10;

    private MountedVault _mounted = null!;
    private byte[] _content = null!;
    private string _path = null!;

    [OneTimeSetUp]
    public void Mount()
    {
        // Splicing is a /dev/fuse path: over io_uring a reply is copied into the ring entry.
        _mounted = new MountedVault(blockSize: BlockSize, debug: true, environment: FuseTransport.Environment(FuseTransport.Device));
        // Blocks 0-1 data, 2-3 a hole (never written), 4-6 data, then a 5,000-byte tail (a row of the database).
        _content = new byte[(7 * BlockSize) + 5000];
        new Random(12).NextBytes(_content);
        _content.AsSpan(2 * BlockSize, 2 * BlockSize).Clear();
        _path = Path.Combine(_mounted.Vault, "spliced.bin");
        using (var stream = new FileStream(_path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(_content, 0, 2 * BlockSize);
            stream.Seek(4 * BlockSize, SeekOrigin.Begin);
            stream.Write(_content, 4 * BlockSize, _content.Length - (4 * BlockSize));
        }
    }

    [OneTimeTearDown]
    public void Unmount() => _mounted.Dispose();

    private static IEnumerable<(long Offset, int Size)> Reads(long length)
    {
        int[] sizes = [8192, 8193, 12345, 65536, 65536 + 100, 131072, 200000, 1 << 20];
        long[] offsets = [0, 1, 4096, BlockSize - 100, BlockSize, BlockSize + 4096, (2 * BlockSize) - 8192, 2 * BlockSize, (3 * BlockSize) + 7,
            (4 * BlockSize) - 1, 4 * BlockSize, (6 * BlockSize) + 12345, 7 * BlockSize, length - 8192, length - 10, length, length + 100];
        foreach (var offset in offsets)
        {
            foreach (var size in sizes) yield return (offset, size);
        }
    }

    /// <summary>Reads every (offset, size) of <see cref="Reads"/> with O_DIRECT and compares it with the content.</summary>
    private void ReadAllAndCompare()
    {
        Assert.That(Posix.Open(_path, Posix.O_RDONLY | Posix.O_DIRECT, 0, out var fd), Is.Zero, "open O_DIRECT");
        try
        {
            var buffer = new byte[1 << 20];
            foreach (var (offset, size) in Reads(_content.Length))
            {
                Assert.That(Posix.Pread(fd, buffer.AsSpan(0, size), offset, out var read), Is.Zero, $"pread {size} @ {offset}");
                var expected = offset >= _content.Length ? 0 : (int)Math.Min(size, _content.Length - offset);
                Assert.That(read, Is.EqualTo(expected), $"bytes read by pread {size} @ {offset}");
                Assert.That(buffer.AsSpan(0, read).SequenceEqual(_content.AsSpan((int)Math.Min(offset, _content.Length), expected)), Is.True,
                    $"the bytes of pread {size} @ {offset}");
            }
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    private int SplicedReplies() =>
        File.ReadAllLines(_mounted.LogFile).Count(line => line.Contains("from a block file", StringComparison.Ordinal));

    [Test]
    public void ReadsFromBlockFilesGiveTheFilesBytes()
    {
        var before = SplicedReplies();
        ReadAllAndCompare();
        Eventually.WaitFor(() => SplicedReplies() > before, "read replies sent from a block file in the daemon's trace");
    }

    [Test]
    public void BlocksAreVerifiedBeforeTheyAreSentFromTheirFiles()
    {
        _mounted.Unmount();
        _mounted.Mount();
        // The new daemon has verified nothing: the first reads hash each block, the second ones may splice.
        ReadAllAndCompare();
        var before = SplicedReplies();
        ReadAllAndCompare();
        Eventually.WaitFor(() => SplicedReplies() > before, "read replies sent from a block file after the blocks were verified");
    }

    [Test]
    public void ABlockFileTruncatedAfterItWasVerifiedGivesEioNotAShortRead()
    {
        var (path, data, blockFile) = WriteTwoBlocksAndUnmount("truncated.bin", seed: 9);
        // A new daemon: every block is in its file, and none is verified yet.
        _mounted.Mount();
        Assert.That(Posix.Open(path, Posix.O_RDONLY | Posix.O_DIRECT, 0, out var fd), Is.Zero, "open O_DIRECT");
        try
        {
            var buffer = new byte[BlockSize];
            // Twice whole: the first read verifies the block, the second is sent from its file.
            var before = SplicedReplies();
            for (var attempt = 0; attempt < 2; attempt++)
            {
                Assert.That(Posix.Pread(fd, buffer, BlockSize, out var read), Is.Zero, $"read {attempt + 1} of the intact block");
                Assert.That(buffer.AsSpan(0, read).SequenceEqual(data.AsSpan(BlockSize, BlockSize)), Is.True, $"read {attempt + 1}'s bytes");
            }
            Eventually.WaitFor(() => SplicedReplies() > before, "the verified block sent from its file");
            // Damage on disk behind the daemon's back: the block's file loses its second half.
            using (var file = new FileStream(blockFile, FileMode.Open, FileAccess.Write)) file.SetLength(BlockSize / 2);
            before = SplicedReplies();
            Assert.That(Posix.Pread(fd, buffer, BlockSize, out var shortRead), Is.EqualTo(Posix.EIO), $"a whole read of the truncated block (read {shortRead} bytes)");
            Assert.That(Posix.Pread(fd, buffer.AsSpan(0, 16384), BlockSize + (BlockSize / 2) - 8192, out _), Is.EqualTo(Posix.EIO), "a read across the cut");
            Assert.That(Posix.Pread(fd, buffer.AsSpan(0, 16384), BlockSize + 4096, out var kept), Is.Zero, "a read before the cut");
            Assert.That(buffer.AsSpan(0, kept).SequenceEqual(data.AsSpan(BlockSize + 4096, 16384)), Is.True, "the bytes before the cut");
            Eventually.WaitFor(() => SplicedReplies() > before, "the read before the cut sent from the block file");
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>
    /// Writes <paramref name="name"/>, two blocks of random bytes, and unmounts: the daemon has written every block to
    /// its file. Returns the file's path in the mount, its bytes, and the file in the vault that holds the second block.
    /// </summary>
    private (string Path, byte[] Data, string SecondBlockFile) WriteTwoBlocksAndUnmount(string name, int seed)
    {
        var path = Path.Combine(_mounted.Vault, name);
        var data = new byte[2 * BlockSize];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(path, data);
        _mounted.Unmount();
        var blockFiles = Directory.EnumerateFiles(Path.Combine(_mounted.VaultDirectory, "blocks"), "*", SearchOption.AllDirectories)
            .Where(file => new FileInfo(file).Length == BlockSize && File.ReadAllBytes(file).AsSpan().SequenceEqual(data.AsSpan(BlockSize, BlockSize)))
            .ToList();
        Assert.That(blockFiles, Has.Count.EqualTo(1), "the second block's file");
        return (path, data, blockFiles[0]);
    }

    [Test]
    public void ACorruptBlockIsNeverSentFromItsFile()
    {
        var (copy, data, blockFile) = WriteTwoBlocksAndUnmount("corrupt.bin", seed: 7);
        var corrupted = File.ReadAllBytes(blockFile);
        corrupted[BlockSize / 2] ^= 0x5A;
        File.WriteAllBytes(blockFile, corrupted);
        _mounted.Mount();

        Assert.That(Posix.Open(copy, Posix.O_RDONLY | Posix.O_DIRECT, 0, out var fd), Is.Zero, "open O_DIRECT");
        try
        {
            var buffer = new byte[BlockSize];
            for (var attempt = 0; attempt < 3; attempt++)
            {
                Assert.That(Posix.Pread(fd, buffer, BlockSize, out _), Is.EqualTo(Posix.EIO), $"read {attempt + 1} of the corrupt block");
                Assert.That(Posix.Pread(fd, buffer.AsSpan(0, 16384), BlockSize + 8192, out _), Is.EqualTo(Posix.EIO), $"partial read {attempt + 1} of the corrupt block");
            }
            Assert.That(Posix.Pread(fd, buffer, 0, out var read), Is.Zero, "the intact first block");
            Assert.That(buffer.AsSpan(0, read).SequenceEqual(data.AsSpan(0, BlockSize)), Is.True, "the first block's bytes");
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}

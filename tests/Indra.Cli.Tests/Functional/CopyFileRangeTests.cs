using System.Text.Json;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// copy_file_range(2) inside the vault shares whole blocks with the source: a 1 GiB copy hashes and stores nothing
/// beyond its unaligned edges (the engine's own counters in .indra/player.json tell: identical blocks are stored once
/// either way, so the hashed bytes are what a read-and-write copy would give away).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CopyFileRangeTests
{
    private const int BlockSize = 1 << 20;

    private MountedVault _mounted = null!;

    [OneTimeSetUp]
    public void Mount() => _mounted = new MountedVault(blockSize: BlockSize);

    [OneTimeTearDown]
    public void Unmount() => _mounted.Dispose();

    private (long Hashed, long Blocks) Counters()
    {
        using var player = JsonDocument.Parse(File.ReadAllText(Path.Combine(_mounted.Meta, "player.json")));
        return (player.RootElement.GetProperty("engine").GetProperty("bytes_hashed").GetInt64(),
            player.RootElement.GetProperty("blocks").GetProperty("count").GetInt64());
    }

    [TestCase(0, TestName = "A 1 GiB file copies by sharing its blocks")]
    [TestCase(12_345, TestName = "A 1 GiB file with a partial tail copies by sharing all but the tail")]
    public void CopyOfAGibibyteHashesOnlyItsEdges(int tail)
    {
        var source = Path.Combine(_mounted.Vault, $"source-{tail}.bin");
        var copy = Path.Combine(_mounted.Vault, $"copy-{tail}.bin");
        var staged = Path.Combine(_mounted.Root, "random.bin");
        Shell.Run("sh", ["-c", $"head -c {(1L << 30) + tail} /dev/urandom > '{staged}' && cp '{staged}' '{source}'"]).Ok();
        // cp's close does not wait for the commit (files are opened noflush); reading the id commits the source first,
        // so the counters below measure the copy alone.
        var sourceId = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", source]).Ok().Stdout.Trim();
        var before = Counters();
        var fdIn = RangeCalls.OpenOrFail(source, Posix.O_RDONLY);
        var fdOut = RangeCalls.OpenOrFail(copy, Posix.O_CREAT | Posix.O_WRONLY);
        long total = 0;
        try
        {
            while (true)
            {
                var n = RangeCalls.CopyFileRange(fdIn, fdOut, 1L << 30);
                Assert.That(n, Is.GreaterThanOrEqualTo(0), "copy_file_range");
                if (n == 0) break;
                total += n;
            }
        }
        finally
        {
            Posix.Close(fdIn);
            Posix.Close(fdOut);
        }
        Assert.That(total, Is.EqualTo((1L << 30) + tail));
        var id = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", copy]).Ok().Stdout.Trim();
        Assert.That(id, Is.EqualTo(Shell.Run("b3sum", ["--no-names", staged]).Ok().Stdout.Trim()), "the copy's id is b3sum of the bytes");
        Assert.That(id, Is.EqualTo(sourceId), "the copy is the same artifact as its source");
        Assert.That(Shell.Run("cmp", [staged, copy]).ExitCode, Is.Zero, "every byte equal");
        var after = Counters();
        Assert.That(after.Hashed - before.Hashed, Is.LessThanOrEqualTo(2L * BlockSize), "bytes hashed by the copy (only its unaligned tail)");
        Assert.That(after.Blocks - before.Blocks, Is.Zero, "no new block stored");
        File.Delete(staged);
    }

    [Test]
    public void AnUnalignedCopyMovesTheBytesAndAgreesWithTheSource()
    {
        var source = Path.Combine(_mounted.Vault, "unaligned-source");
        var copy = Path.Combine(_mounted.Vault, "unaligned-copy");
        var bytes = Enumerable.Range(0, 3 * BlockSize + 777).Select(i => (byte)(i * 7 % 253)).ToArray();
        File.WriteAllBytes(source, bytes);
        var fdIn = RangeCalls.OpenOrFail(source, Posix.O_RDONLY);
        var fdOut = RangeCalls.OpenOrFail(copy, Posix.O_CREAT | Posix.O_WRONLY);
        try
        {
            Assert.That(RangeCalls.Pwrite(fdOut, "head"u8, 0), Is.EqualTo(4));
            Assert.That(RangeCalls.Seek(fdOut, 4, 0), Is.EqualTo(4));
            long total = 0;
            for (long n; (n = RangeCalls.CopyFileRange(fdIn, fdOut, bytes.Length)) > 0;) total += n;
            Assert.That(total, Is.EqualTo(bytes.Length));
        }
        finally
        {
            Posix.Close(fdIn);
            Posix.Close(fdOut);
        }
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo("head"u8.ToArray().Concat(bytes).ToArray()));
    }
}

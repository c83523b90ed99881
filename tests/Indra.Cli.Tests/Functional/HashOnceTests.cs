using System.Text.Json;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Each byte written is hashed once (docs/blocks.md): the engine's bytes_hashed counter in .indra/player.json grows by
/// the bytes a write, a copy inside the mount or a copy_file_range puts into the vault, not twice that. Sizes are whole
/// blocks, so no tail is left to hash apart from its block.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HashOnceTests
{
    private const int BlockSize = 1 << 20;
    private const long Size = 256L << 20;

    private MountedVault _mounted = null!;
    private string _random = null!;

    [OneTimeSetUp]
    public void Mount()
    {
        _mounted = new MountedVault(blockSize: BlockSize);
        _random = Path.Combine(_mounted.Root, "random.bin");
        Shell.Run("sh", ["-c", $"head -c {Size} /dev/urandom > '{_random}'"]).Ok();
    }

    [OneTimeTearDown]
    public void Unmount() => _mounted.Dispose();

    private long Hashed()
    {
        using var player = JsonDocument.Parse(File.ReadAllText(Path.Combine(_mounted.Meta, "player.json")));
        return player.RootElement.GetProperty("engine").GetProperty("bytes_hashed").GetInt64();
    }

    /// <summary>Reads the file's id, which commits it first; returns the id.</summary>
    private static string Id(string path) => Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok().Stdout.Trim();

    private string Written(string name)
    {
        var path = Path.Combine(_mounted.Vault, name);
        Shell.Run("dd", [$"if={_random}", $"of={path}", "bs=1M", "conv=fsync", "status=none"]).Ok();
        Assert.That(Id(path), Is.EqualTo(Shell.Run("b3sum", ["--no-names", _random]).Ok().Stdout.Trim()));
        return path;
    }

    [Test]
    public void AWriteHashesEachByteOnce()
    {
        var before = Hashed();
        Written("written.bin");
        Assert.That(Hashed() - before, Is.EqualTo(Size), "bytes hashed for a 256 MiB dd conv=fsync");
    }

    [Test]
    public void ACopyInsideTheMountHashesEachByteAtMostOnce()
    {
        var source = Written("cp-source.bin");
        var before = Hashed();
        var copy = Path.Combine(_mounted.Vault, "cp-copy.bin");
        Shell.Run("cp", [source, copy]).Ok();
        Assert.That(Id(copy), Is.EqualTo(Id(source)));
        Assert.That(Hashed() - before, Is.LessThanOrEqualTo(Size), "bytes hashed for cp (copy_file_range shares blocks, a read-write copy hashes once)");

        before = Hashed();
        var streamed = Path.Combine(_mounted.Vault, "cat-copy.bin");
        // dd copies through read(2) and write(2) (cat and cp use copy_file_range).
        Shell.Run("dd", [$"if={source}", $"of={streamed}", "bs=128k", "status=none"]).Ok();
        Assert.That(Id(streamed), Is.EqualTo(Id(source)));
        Assert.That(Hashed() - before, Is.EqualTo(Size), "bytes hashed for a copy through read and write");
    }

    [Test]
    public void ACopyFileRangeToAnotherOffsetHashesEachByteOnce()
    {
        var source = Written("range-source.bin");
        var target = Path.Combine(_mounted.Vault, "range-shifted.bin");
        var before = Hashed();
        var fdIn = RangeCalls.OpenOrFail(source, Posix.O_RDONLY);
        var fdOut = RangeCalls.OpenOrFail(target, Posix.O_CREAT | Posix.O_WRONLY);
        long total = 0;
        try
        {
            // One block further in: every block lands at another position, so it is hashed (once) at its new one.
            while (total < Size)
            {
                var n = RangeCalls.CopyFileRangeAt(fdIn, total, fdOut, BlockSize + total, Size - total);
                Assert.That(n, Is.GreaterThan(0), "copy_file_range");
                total += n;
            }
        }
        finally
        {
            Posix.Close(fdIn);
            Posix.Close(fdOut);
        }
        var id = Id(target);
        Assert.That(Hashed() - before, Is.InRange(Size, Size + BlockSize), "bytes hashed: the copied bytes once, and at most the leading hole block");
        var expected = Path.Combine(_mounted.Root, "shifted.bin");
        Shell.Run("sh", ["-c", $"head -c {BlockSize} /dev/zero > '{expected}' && cat '{_random}' >> '{expected}'"]).Ok();
        Assert.That(id, Is.EqualTo(Shell.Run("b3sum", ["--no-names", expected]).Ok().Stdout.Trim()), "the id is b3sum of the bytes");
        Assert.That(Shell.Run("cmp", [expected, target]).ExitCode, Is.Zero, "every byte equal");
        File.Delete(expected);
    }
}

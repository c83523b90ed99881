using System.Security.Cryptography;
using Indra.Hashing;
using Indra.Storage.Blocks;

namespace Indra.Storage.Tests;

/// <summary>A block queued from exactly the range this thread lends takes the lent buffer; any other range is copied.</summary>
public sealed unsafe class LentBlockBufferTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-lent-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void AWholeLentRangeIsQueuedWithoutACopyAndLandsWhole()
    {
        using var store = new FileBlockStore(_dir);
        Assume.That(store.DirectWrites, Is.True, "the temporary directory's file system takes direct I/O");
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var hash = Blake3.Hash(data);
        var buffer = LentBlockBuffer.Rent(data.Length + 4000);
        Assert.That((long)buffer.Pointer % AlignedBuffers.Alignment, Is.Zero);
        var lent = new Span<byte>((void*)buffer.Pointer, data.Length);
        data.CopyTo(lent);
        LentBlockBuffer.Lend(buffer, data.Length);
        Assert.That(store.PutQueued(hash, lent), Is.True);
        Assert.That(LentBlockBuffer.EndLoan(), Is.False, "the queue took the buffer");
        store.WaitForWrites([hash]);
        Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash), "the file holds the lent bytes");
        Assert.That(LentBlockBuffer.EndLoan(), Is.True, "no loan after it ended");
    }

    [Test]
    public void ARangeThatIsNotTheLentOneIsCopiedAndTheBufferStaysTheLenders()
    {
        using var store = new FileBlockStore(_dir);
        var data = RandomNumberGenerator.GetBytes(2 << 20);
        var buffer = LentBlockBuffer.Rent(data.Length);
        try
        {
            var whole = new Span<byte>((void*)buffer.Pointer, data.Length);
            data.CopyTo(whole);
            // Lent: all 2 MiB; queued: the first MiB only, then the second MiB (another start).
            LentBlockBuffer.Lend(buffer, data.Length);
            var first = whole[..(1 << 20)];
            var second = whole[(1 << 20)..];
            var hashes = new[] { Blake3.Hash(first), Blake3.Hash(second) };
            Assert.That(store.PutQueued(hashes[0], first), Is.True);
            Assert.That(store.PutQueued(hashes[1], second), Is.True);
            Assert.That(LentBlockBuffer.EndLoan(), Is.True, "neither range was the lent one");
            // The lender overwrites its buffer at once: the queued blocks hold copies.
            whole.Clear();
            store.WaitForWrites(hashes);
            foreach (var hash in hashes) Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash));
        }
        finally
        {
            LentBlockBuffer.Return(buffer);
        }
    }

    [Test]
    public void ALoanIsSeenOnlyOnTheThreadThatMadeIt()
    {
        using var store = new FileBlockStore(_dir);
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var hash = Blake3.Hash(data);
        var buffer = LentBlockBuffer.Rent(data.Length);
        try
        {
            var lent = new Span<byte>((void*)buffer.Pointer, data.Length);
            data.CopyTo(lent);
            LentBlockBuffer.Lend(buffer, data.Length);
            var pointer = buffer.Pointer;
            var other = new Thread(() => store.PutQueued(hash, new ReadOnlySpan<byte>((void*)pointer, data.Length)));
            other.Start();
            other.Join();
            Assert.That(LentBlockBuffer.EndLoan(), Is.True, "another thread's block copied the bytes");
            new Span<byte>((void*)buffer.Pointer, data.Length).Clear();
            store.WaitForWrites([hash]);
            Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash));
        }
        finally
        {
            LentBlockBuffer.Return(buffer);
        }
    }
}

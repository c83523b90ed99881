using System.Security.Cryptography;
using Indra.Hashing;
using Indra.Storage.Blocks;

namespace Indra.Storage.Tests;

public sealed class FileBlockStoreTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-blocks-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void BlocksRoundTripAndAreNamedByTheirHash()
    {
        using var store = new FileBlockStore(_dir);
        var data = RandomNumberGenerator.GetBytes(70_000);
        var hash = Blake3.Hash(data);
        Assert.That(store.Put(hash, data, durable: true), Is.True);
        Assert.That(store.Put(hash, data, durable: false), Is.False, "stored once");
        Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash), "b3sum of the block file is its name");
        var part = new byte[1000];
        Assert.That(store.Read(hash, 69_500, part), Is.EqualTo(500));
        Assert.That(part[..500], Is.EqualTo(data[69_500..]));
        Assert.That(store.SizeOf(hash), Is.EqualTo(70_000));
        Assert.That(store.Enumerate(), Is.EqualTo(new[] { hash }));
        Assert.That(Directory.EnumerateFiles(Path.Combine(_dir, "tmp")), Is.Empty, "no temporary file left");
        store.Delete(hash);
        Assert.That(store.Contains(hash), Is.False);
        Assert.Throws<BlockMissingException>(() => store.Read(hash, 0, part));
    }

    [TestCase(0)]
    [TestCase(512)]
    public unsafe void ABlockGivenInAlignedOrUnalignedMemory_IsWrittenDirectAndRoundTrips(int misalignment)
    {
        // Bytes that already start on a 4 KiB boundary (a peer's block received into an aligned buffer) are written
        // from where they are; others are copied into an aligned buffer first. Both land whole, with O_DIRECT.
        using var store = new FileBlockStore(_dir);
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var hash = Blake3.Hash(data);
        var rented = AlignedBuffers.Rent(data.Length + 4096);
        try
        {
            var given = new Span<byte>((byte*)rented.Pointer + misalignment, data.Length);
            data.CopyTo(given);
            Assert.That(store.Put(hash, given, durable: false), Is.True);
            Assert.That(store.DirectWritten, Is.EqualTo(store.DirectWrites ? 1 : 0));
            Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash), "the file holds exactly the block's bytes");
            given.Clear();
            var whole = new byte[data.Length];
            Assert.That(store.Read(hash, 0, whole), Is.EqualTo(data.Length));
            Assert.That(whole, Is.EqualTo(data), "the store kept no reference to the caller's memory");
        }
        finally
        {
            AlignedBuffers.Return(rented);
        }
    }

    [TestCase(1 << 20, true)]
    [TestCase(1 << 20, false)]
    [TestCase(256 * 1024, false)]
    [TestCase((1 << 20) + 512, false)]
    public void LargeBlocksWrittenWithDirectIoRoundTripAndAreOwnerOnly(int size, bool durable)
    {
        // 1 MiB and 256 KiB blocks take the O_DIRECT path where the disk allows it; 1 MiB + 512 bytes is not a
        // multiple of 4 KiB and goes through the page cache. Either way the file holds exactly the block's bytes.
        using var store = new FileBlockStore(_dir);
        var data = RandomNumberGenerator.GetBytes(size);
        var hash = Blake3.Hash(data);
        Assert.That(store.Put(hash, data, durable), Is.True);
        var eligible = size % 4096 == 0 && size >= FileBlockStore.DirectMinimum;
        Assert.That(store.DirectWritten, Is.EqualTo(eligible && store.DirectWrites ? 1 : 0), "written with O_DIRECT exactly when eligible and the disk allows it");
        Assert.That(new FileInfo(store.PathOf(hash)).Length, Is.EqualTo(size));
        Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash), "b3sum of the block file is its name");
        var whole = new byte[size];
        Assert.That(store.Read(hash, 0, whole), Is.EqualTo(size));
        Assert.That(whole, Is.EqualTo(data));
        var middle = new byte[5000];
        Assert.That(store.Read(hash, size / 2 - 17, middle), Is.EqualTo(5000));
        Assert.That(middle, Is.EqualTo(data.AsSpan(size / 2 - 17, 5000).ToArray()));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(store.PathOf(hash)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        Assert.That(Directory.EnumerateFiles(Path.Combine(_dir, "tmp")), Is.Empty, "no temporary file left");
        store.SyncMany([hash]);
        Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash));
    }

    [Test]
    public void ManyBlocksPutOnSeveralThreadsAllHoldTheirBytes()
    {
        // The aligned buffers are pooled across threads: a buffer handed to two writers at once would mix blocks.
        using var store = new FileBlockStore(_dir);
        var blocks = Enumerable.Range(0, 24).Select(_ => RandomNumberGenerator.GetBytes(1 << 20)).ToArray();
        var hashes = blocks.Select(b => Blake3.Hash(b)).ToArray();
        Parallel.For(0, blocks.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => store.Put(hashes[i], blocks[i], durable: false));
        store.SyncMany(hashes);
        foreach (var hash in hashes) Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash));
    }

    [Test]
    public void QueuedBlocksAreStoredForEveryReaderAtOnceAndLandWhenWaitedFor()
    {
        using var store = new FileBlockStore(_dir);
        // More blocks than the queue holds, so some writes wait for a writer thread.
        var blocks = Enumerable.Range(0, BlockWriteQueue.Depth * 2).Select(_ => RandomNumberGenerator.GetBytes(1 << 20)).ToArray();
        var hashes = blocks.Select(b => Blake3.Hash(b)).ToArray();
        for (var i = 0; i < blocks.Length; i++)
        {
            Assert.That(store.PutQueued(hashes[i], blocks[i]), Is.True);
            Assert.That(store.PutQueued(hashes[i], blocks[i]), Is.False, "queued or stored once");
            Assert.That(store.Contains(hashes[i]), Is.True);
            Assert.That(store.SizeOf(hashes[i]), Is.EqualTo(1 << 20));
            var middle = new byte[4000];
            Assert.That(store.Read(hashes[i], 300_001, middle), Is.EqualTo(4000), "read from its buffer or its file");
            Assert.That(middle, Is.EqualTo(blocks[i].AsSpan(300_001, 4000).ToArray()));
        }
        store.WaitForWrites(hashes);
        foreach (var hash in hashes) Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash), "in place once waited for");
        Assert.That(store.QueuedWritten, Is.EqualTo(blocks.Length), "every block went through the queue");
        Assert.That(Directory.EnumerateFiles(Path.Combine(_dir, "tmp")), Is.Empty, "no temporary file left");

        // A small block (no direct I/O) is written at once.
        var small = RandomNumberGenerator.GetBytes(3000);
        var smallHash = Blake3.Hash(small);
        Assert.That(store.PutQueued(smallHash, small), Is.True);
        Assert.That(File.Exists(store.PathOf(smallHash)), Is.True);
        store.Delete(hashes[0]);
        Assert.That(store.Contains(hashes[0]), Is.False);
    }
}

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

    /// <summary>The emptied files of deleted blocks kept in tmp/ now.</summary>
    private string[] Kept() => [.. Directory.EnumerateFiles(Path.Combine(_dir, "tmp"), KeptBlockFiles.Prefix + "*")];

    [Test]
    public void DeletedBlockFilesAreKeptEmptyAndReusedForNewBlocks()
    {
        Assume.That(OperatingSystem.IsLinux(), "files are kept on Linux only");
        var blocks = Enumerable.Range(0, 3).Select(_ => RandomNumberGenerator.GetBytes(1 << 20)).ToArray();
        var hashes = blocks.Select(b => Blake3.Hash(b)).ToArray();
        using var store = new FileBlockStore(_dir, keepDeletedFiles: true);
        foreach (var (hash, block) in hashes.Zip(blocks)) store.Put(hash, block, durable: false);
        store.Delete(hashes[0]);
        store.Delete(hashes[1]);
        store.Delete(Blake3.Hash("never stored"u8));
        Assert.Multiple(() =>
        {
            Assert.That(store.Contains(hashes[0]), Is.False);
            Assert.Throws<BlockMissingException>(() => store.Read(hashes[0], 0, new byte[16]));
            Assert.That(store.KeptFiles, Is.EqualTo(2), "the two deleted files are kept; a block without a file adds none");
            Assert.That(Kept().Select(f => new FileInfo(f).Length), Is.EqualTo(new long[] { 0, 0 }), "kept files hold no byte of the deleted blocks");
            Assert.That(store.Enumerate(), Is.EqualTo(new[] { hashes[2] }), "a kept file is never a block");
        });

        // A new block written at once and one written in the background each claim a kept file.
        var fresh = Enumerable.Range(0, 2).Select(_ => RandomNumberGenerator.GetBytes(1 << 20)).ToArray();
        var freshHashes = fresh.Select(b => Blake3.Hash(b)).ToArray();
        Assert.That(store.Put(freshHashes[0], fresh[0], durable: true), Is.True);
        Assert.That(store.PutQueued(freshHashes[1], fresh[1]), Is.True);
        store.WaitForWrites(freshHashes);
        Assert.That(store.KeptFiles, Is.Zero);
        Assert.That(Directory.EnumerateFiles(Path.Combine(_dir, "tmp")), Is.Empty, "both kept files became blocks");
        foreach (var hash in freshHashes)
        {
            Assert.That(new FileInfo(store.PathOf(hash)).Length, Is.EqualTo(1 << 20));
            Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash));
        }

        // A block written through the page cache (not a multiple of 4 KiB) claims one too, and holds nothing past its end.
        store.Delete(freshHashes[0]);
        var odd = RandomNumberGenerator.GetBytes(70_001);
        var oddHash = Blake3.Hash(odd);
        Assert.That(store.KeptFiles, Is.EqualTo(1));
        Assert.That(store.Put(oddHash, odd, durable: true), Is.True);
        Assert.That(store.KeptFiles, Is.Zero);
        Assert.That(new FileInfo(store.PathOf(oddHash)).Length, Is.EqualTo(70_001));
        Assert.That(Blake3.HashFile(store.PathOf(oddHash)), Is.EqualTo(oddHash));
        Assert.That(store.Put(hashes[0], blocks[0], durable: false), Is.True, "a deleted block can be stored again");
        Assert.That(Blake3.HashFile(store.PathOf(hashes[0])), Is.EqualTo(hashes[0]));
    }

    [Test]
    public void ABlockDeletedWhileARangeOfItIsHeldIsUnlinkedNotKept_SoTheRangeStillReadsItsBytes()
    {
        Assume.That(OperatingSystem.IsLinux(), "files are kept on Linux only");
        var held = RandomNumberGenerator.GetBytes(1 << 20);
        var free = RandomNumberGenerator.GetBytes(1 << 20);
        var (heldHash, freeHash) = (Blake3.Hash(held), Blake3.Hash(free));
        using var store = new FileBlockStore(_dir, keepDeletedFiles: true);
        store.Put(heldHash, held, durable: false);
        store.Put(freeHash, free, durable: false);
        var range = store.OpenFileRange(heldHash, held.Length, 4096, 8192);
        Assert.That(range, Is.Not.Null);
        using (range)
        {
            store.Delete(heldHash);
            store.Delete(freeHash);
            Assert.That(store.KeptFiles, Is.EqualTo(1), "only the block no read holds is kept");

            // New blocks take the kept file and then new ones; none may write into the held block's file.
            for (var i = 0; i < 3; i++)
            {
                var next = RandomNumberGenerator.GetBytes(1 << 20);
                store.Put(Blake3.Hash(next), next, durable: false);
            }
            var read = new byte[8192];
            using var descriptor = new Microsoft.Win32.SafeHandles.SafeFileHandle(range!.Descriptor, ownsHandle: false);
            Assert.That(RandomAccess.Read(descriptor, read, range.Position), Is.EqualTo(read.Length));
            Assert.That(read, Is.EqualTo(held[4096..12288]), "the range's descriptor still reads the deleted block's bytes");
        }

        // Once the range is given back, a deleted block is kept again.
        var last = RandomNumberGenerator.GetBytes(1 << 20);
        var lastHash = Blake3.Hash(last);
        store.Put(lastHash, last, durable: false);
        store.Delete(lastHash);
        Assert.That(store.KeptFiles, Is.EqualTo(1));
    }

    [Test]
    public void ARangePastTheEndOfATruncatedBlockFileIsNotOffered()
    {
        var block = RandomNumberGenerator.GetBytes(1 << 20);
        var hash = Blake3.Hash(block);
        using var store = new FileBlockStore(_dir);
        store.Put(hash, block, durable: false);
        using (var whole = store.OpenFileRange(hash, block.Length, 0, block.Length)) Assert.That(whole, Is.Not.Null, "the intact file");
        // Cut on disk behind the store (whose read handle stays open): a splice of the range would be a short read.
        using (var file = new FileStream(store.PathOf(hash), FileMode.Open, FileAccess.Write)) file.SetLength(block.Length / 2);
        Assert.That(store.OpenFileRange(hash, block.Length, (block.Length / 2) - 4096, 8192), Is.Null, "a range across the cut");
        Assert.That(store.OpenFileRange(hash, block.Length, 0, block.Length), Is.Null, "the whole block");
        using var before = store.OpenFileRange(hash, block.Length, 4096, 8192);
        Assert.That(before, Is.Not.Null, "a range before the cut");
        Assert.That(store.Read(hash, 0, new byte[block.Length]), Is.EqualTo(block.Length / 2), "the byte path's short count");
    }

    [Test]
    public void TwoStoresOnOneDirectoryNeverWriteIntoTheSameKeptFile()
    {
        Assume.That(OperatingSystem.IsLinux(), "files are kept on Linux only");
        const int count = 8;
        var old = Enumerable.Range(0, count).Select(_ => RandomNumberGenerator.GetBytes(1 << 20)).ToArray();
        using var first = new FileBlockStore(_dir, keepDeletedFiles: true);
        foreach (var block in old) first.Put(Blake3.Hash(block), block, durable: false);
        foreach (var block in old) first.Delete(Blake3.Hash(block));
        // The second store finds the same kept files at open: both know all of them, each file can be claimed once.
        using var second = new FileBlockStore(_dir, keepDeletedFiles: true);
        Assert.That((first.KeptFiles, second.KeptFiles), Is.EqualTo((count, count)));
        var fresh = Enumerable.Range(0, 2 * count).Select(_ => RandomNumberGenerator.GetBytes(1 << 20)).ToArray();
        var hashes = fresh.Select(b => Blake3.Hash(b)).ToArray();
        Parallel.For(0, fresh.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var store = i % 2 == 0 ? first : second;
            Assert.That(store.PutQueued(hashes[i], fresh[i]), Is.True);
            store.WaitForWrites([hashes[i]]);
        });
        Assert.That(Kept(), Is.Empty, "every kept file was claimed");
        Assert.That((first.KeptFiles, second.KeptFiles), Is.EqualTo((0, 0)));
        foreach (var hash in hashes) Assert.That(Blake3.HashFile(Path.Combine(_dir, hash.ToString()[..2], hash.ToString())), Is.EqualTo(hash), "each block's file holds its own bytes only");
    }

    [Test]
    public void KeptFilesFoundAtOpenAreEmptiedOrDeletedByAStoreThatKeepsNone()
    {
        Assume.That(OperatingSystem.IsLinux(), "files are kept on Linux only");
        var tmp = Path.Combine(_dir, "tmp");
        Directory.CreateDirectory(tmp);
        // A crash between a deleted block's rename and its truncation leaves its bytes in a kept file.
        File.WriteAllBytes(Path.Combine(tmp, KeptBlockFiles.Prefix + "left-by-a-crash"), RandomNumberGenerator.GetBytes(3 << 20));
        File.WriteAllBytes(Path.Combine(tmp, "a-block-write-a-crash-cut-short"), [1, 2, 3]);
        using (var store = new FileBlockStore(_dir, keepDeletedFiles: true))
        {
            Assert.That(store.KeptFiles, Is.EqualTo(1));
            Assert.That(Directory.EnumerateFiles(tmp).Select(f => (Path.GetFileName(f), new FileInfo(f).Length)),
                Is.EqualTo(new[] { (KeptBlockFiles.Prefix + "left-by-a-crash", 0L) }), "emptied at open; the interrupted write is deleted");
        }
        using (var store = new FileBlockStore(_dir))
        {
            Assert.That(store.KeptFiles, Is.Zero);
            Assert.That(Directory.EnumerateFiles(tmp), Is.Empty, "a store that keeps none deletes what an earlier run kept");
            var block = RandomNumberGenerator.GetBytes(1 << 20);
            var hash = Blake3.Hash(block);
            store.Put(hash, block, durable: false);
            var path = store.PathOf(hash);
            store.Delete(hash);
            Assert.That(File.Exists(path), Is.False);
            Assert.That(Directory.EnumerateFiles(tmp), Is.Empty, "deleted, not kept");
        }
    }
}

using System.Security.Cryptography;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Blocks.Sealing;
using Indra.Storage.Metadata;

namespace Indra.Storage.Tests.Sealing;

/// <summary>
/// The sealing layer over the vault's real tiers (SQLite inline rows and block files): round trip, the stored form
/// (format byte, no plain bytes), tampering, a wrong key, convergence and plain sizes.
/// </summary>
public sealed class SealedBlockStoreTests
{
    private const int InlineLimit = 16 * 1024;
    private string _dir = null!;
    private MetadataStore _metadata = null!;
    private FileBlockStore _files = null!;
    private byte[] _key = null!;

    [SetUp]
    public void Open()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-sealed-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _metadata = MetadataStore.Open(Path.Combine(_dir, "vault.db"));
        _files = new FileBlockStore(Path.Combine(_dir, "blocks"));
        _key = RandomNumberGenerator.GetBytes(BlockSeal.KeyLength);
    }

    [TearDown]
    public void Close()
    {
        _files.Dispose();
        _metadata.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private SealedBlockStore Sealed(byte[]? key = null, long cacheBytes = SealedBlockStore.DefaultOpenedCacheBytes) =>
        new(new TieredBlockStore(new InlineBlockStore(_metadata), _files, InlineLimit), key ?? _key, cacheBytes);

    [TestCase(1)]
    [TestCase(5_000)]
    [TestCase(InlineLimit - BlockSeal.Overhead)] // the largest block that stays inline once sealed
    [TestCase(InlineLimit - 3)] // inline in plain size, a file once sealed: reads with the size still find it
    [TestCase(1 << 20)]
    public void A_block_reads_back_whole_and_in_pieces_and_reports_its_plain_size(int size)
    {
        var store = Sealed(cacheBytes: 0); // every read opens the stored block
        var data = RandomNumberGenerator.GetBytes(size);
        var hash = Blake3.Hash(data);
        Assert.That(store.Put(hash, data, durable: true), Is.True);
        Assert.That(store.Put(hash, data, durable: false), Is.False, "stored once");
        Assert.That(store.SizeOf(hash), Is.EqualTo(size));
        Assert.That(store.Inner.SizeOf(hash), Is.EqualTo(size + BlockSeal.Overhead), "sealed size");
        var whole = new byte[size + 100];
        Assert.That(store.Read(hash, size, 0, whole), Is.EqualTo(size));
        Assert.That(whole[..size], Is.EqualTo(data));
        Array.Clear(whole);
        Assert.That(store.Read(hash, 0, whole), Is.EqualTo(size), "read without the size");
        Assert.That(whole[..size], Is.EqualTo(data));
        var offset = size / 2;
        var piece = new byte[Math.Max(1, size / 3)];
        var got = store.Read(hash, size, offset, piece);
        Assert.That(piece[..got], Is.EqualTo(data[offset..(offset + got)]));
        Assert.That(store.Read(hash, size, size, piece), Is.Zero, "at the end");
        Assert.That(store.Enumerate(), Is.EqualTo(new[] { hash }));
        store.Delete(hash);
        Assert.That(store.Contains(hash), Is.False);
        Assert.Throws<BlockMissingException>(() => store.Read(hash, 0, piece));
    }

    [Test]
    public void Stored_blocks_start_with_the_format_byte_and_hold_no_window_of_their_plain_bytes()
    {
        var store = Sealed();
        var small = Text(3_000);
        var large = Text(300_000);
        store.Put(Blake3.Hash(small), small, durable: false);
        store.Put(Blake3.Hash(large), large, durable: false);
        var row = _metadata.GetInlineBlock(Blake3.Hash(small))!;
        var file = File.ReadAllBytes(_files.PathOf(Blake3.Hash(large)));
        Assert.That(row[0], Is.EqualTo(BlockSeal.Version));
        Assert.That(file[0], Is.EqualTo(BlockSeal.Version));
        Assert.That(PlainWindows.FirstShared(row, small, 16), Is.Null, "the inline row");
        Assert.That(PlainWindows.FirstShared(file, large, 16), Is.Null, "the block file");
    }

    [Test]
    public void Equal_blocks_seal_to_equal_bytes_under_one_vault_key_and_to_different_bytes_under_another()
    {
        var data = Text(100_000);
        var hash = Blake3.Hash(data);
        var one = new byte[data.Length + BlockSeal.Overhead];
        var again = new byte[one.Length];
        var other = new byte[one.Length];
        BlockSeal.Seal(_key, hash, data, one);
        BlockSeal.Seal(_key, hash, data, again);
        BlockSeal.Seal(RandomNumberGenerator.GetBytes(BlockSeal.KeyLength), hash, data, other);
        Assert.That(again, Is.EqualTo(one), "convergent within a vault");
        Assert.That(other, Is.Not.EqualTo(one), "another vault key");
        var renamed = new byte[one.Length];
        BlockSeal.Seal(_key, Blake3.Hash(one), data, renamed);
        Assert.That(renamed, Is.Not.EqualTo(one), "the key follows the name");
    }

    [Test]
    public void A_changed_byte_anywhere_or_a_truncated_block_does_not_open()
    {
        var data = Text(40_000);
        var hash = Blake3.Hash(data);
        var sealedBlock = new byte[data.Length + BlockSeal.Overhead];
        BlockSeal.Seal(_key, hash, data, sealedBlock);
        var plain = new byte[data.Length];
        Assert.That(BlockSeal.TryOpen(_key, hash, sealedBlock, plain), Is.True);
        foreach (var position in new[] { 0, 1, data.Length / 2, sealedBlock.Length - 1 })
        {
            var changed = (byte[])sealedBlock.Clone();
            changed[position] ^= 0x01;
            Assert.That(BlockSeal.TryOpen(_key, hash, changed, plain), Is.False, $"byte {position} flipped");
        }
        Assert.That(BlockSeal.TryOpen(_key, hash, sealedBlock.AsSpan(0, sealedBlock.Length - 1), new byte[data.Length - 1]), Is.False, "truncated");
        Assert.That(BlockSeal.TryOpen(_key, Blake3.Hash(plain), sealedBlock, plain), Is.False, "under another name");
    }

    [Test]
    public void A_tampered_block_file_or_inline_row_throws_a_broken_seal()
    {
        var store = Sealed(cacheBytes: 0);
        var large = Text(200_000);
        var small = Text(1_000);
        var largeHash = Blake3.Hash(large);
        var smallHash = Blake3.Hash(small);
        store.Put(largeHash, large, durable: true);
        store.Put(smallHash, small, durable: false);
        var path = _files.PathOf(largeHash);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var row = _metadata.GetInlineBlock(smallHash)!;
        row[10] ^= 0x01;
        _metadata.DeleteInlineBlock(smallHash);
        _metadata.PutInlineBlock(smallHash, row);
        using var fresh = new FileBlockStore(Path.Combine(_dir, "blocks")); // no handle opened before the change
        var reopened = new SealedBlockStore(new TieredBlockStore(new InlineBlockStore(_metadata), fresh, InlineLimit), _key);
        var buffer = new byte[large.Length];
        Assert.That(() => reopened.Read(largeHash, large.Length, 0, buffer), Throws.TypeOf<BrokenSealException>().With.Property(nameof(BrokenSealException.Hash)).EqualTo(largeHash));
        Assert.That(() => reopened.Read(smallHash, small.Length, 0, buffer), Throws.TypeOf<BrokenSealException>());
        Assert.That(buffer, Is.All.EqualTo(0), "no byte served");
    }

    [Test]
    public void Blocks_sealed_under_one_vault_key_do_not_open_under_another()
    {
        var data = Text(70_000);
        var hash = Blake3.Hash(data);
        Sealed().Put(hash, data, durable: false);
        var wrongKey = Sealed(RandomNumberGenerator.GetBytes(BlockSeal.KeyLength));
        Assert.That(wrongKey.SizeOf(hash), Is.EqualTo(data.Length), "the size is visible without the key");
        Assert.That(() => wrongKey.Read(hash, data.Length, 0, new byte[10]), Throws.TypeOf<BrokenSealException>());
        var rightKey = Sealed();
        var back = new byte[data.Length];
        Assert.That(rightKey.Read(hash, data.Length, 0, back), Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
    }

    [Test]
    public void The_opened_block_cache_keeps_at_most_its_bound_and_forgets_deleted_blocks()
    {
        var cache = new OpenedBlockCache(3_000);
        var hashes = Enumerable.Range(0, 4).Select(i => Blake3.Hash([(byte)i])).ToArray();
        foreach (var hash in hashes) cache.Add(hash, new byte[1_000]);
        Assert.That(cache.Get(hashes[0]), Is.Null, "the oldest went out");
        Assert.That(hashes[1..].All(h => cache.Get(h) is not null), Is.True);
        cache.Remove(hashes[2]);
        Assert.That(cache.Get(hashes[2]), Is.Null);
        cache.Add(hashes[0], new byte[4_000]);
        Assert.That(cache.Get(hashes[0]), Is.Null, "larger than the bound: not kept");
    }

    /// <summary>Text-like bytes (every 16-byte window is distinct enough to be found if it leaked).</summary>
    private static byte[] Text(int length)
    {
        var bytes = new byte[length];
        var random = new Random(length);
        for (var i = 0; i < length; i++) bytes[i] = (byte)('a' + random.Next(26));
        return bytes;
    }
}

using System.Buffers;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;

namespace Indra.Engine.Content;

/// <summary>
/// Turns bytes into leaf versions and back. Files are stored as fixed-size, power-of-two blocks aligned to BLAKE3
/// chunk boundaries; every full block of a multi-block file keeps its subtree chaining value, so an edit re-hashes
/// and re-stores only the blocks it touched (plus the tail) while the file id stays the plain BLAKE3 of the whole
/// file (reference/blake3.md §4). Blocks are deduplicated by content across the vault.
/// </summary>
public sealed class ContentStore
{
    private readonly MetadataStore _metadata;
    private readonly IBlockStore _blocks;
    private readonly EngineCounters _counters;
    private readonly Dictionary<Blake3Hash, int> _pins = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Blake3Hash, byte> _verified = new();
    private const int VerifiedLimit = 1 << 20;

    /// <summary>Creates the content store over the vault's stores.</summary>
    /// <param name="metadata">Leaf and block tables.</param>
    /// <param name="blocks">Block bytes.</param>
    /// <param name="blockSize">Block size in bytes: a power of two, at least 1024.</param>
    /// <param name="counters">Where work is counted.</param>
    /// <exception cref="ArgumentException">A block size that is not a power of two of at least 1024 bytes.</exception>
    public ContentStore(MetadataStore metadata, IBlockStore blocks, int blockSize, EngineCounters counters)
    {
        if (blockSize < 1024 || !int.IsPow2(blockSize)) throw new ArgumentException("block size must be a power of two of at least 1024 bytes", nameof(blockSize));
        _metadata = metadata;
        _blocks = blocks;
        BlockSize = blockSize;
        _counters = counters;
    }

    /// <summary>Block size in bytes.</summary>
    public int BlockSize { get; }

    /// <summary>The block store (for fsck and gc).</summary>
    public IBlockStore Blocks => _blocks;

    /// <summary>The stored version of leaf <paramref name="id"/> whose size is <paramref name="size"/> bytes.</summary>
    public LeafVersion Load(Blake3Hash id, long size) =>
        size == 0 ? LeafVersion.Empty with { Id = id } : new LeafVersion(id, size, _metadata.GetLeafBlocks(id));

    /// <summary>Reads up to <c>buffer.Length</c> bytes of <paramref name="leaf"/> at <paramref name="offset"/>.</summary>
    /// <returns>Bytes read; fewer only at the end of the content.</returns>
    /// <exception cref="BlockMissingException">A block the leaf names is not stored.</exception>
    public int Read(LeafVersion leaf, long offset, Span<byte> buffer)
    {
        if (offset >= leaf.Size) return 0;
        var want = (int)Math.Min(buffer.Length, leaf.Size - offset);
        var done = 0;
        while (done < want)
        {
            var position = offset + done;
            var index = (int)(position / BlockSize);
            var within = position - (long)index * BlockSize;
            var block = leaf.Blocks[index];
            var n = (int)Math.Min(want - done, block.Size - within);
            // A block read for the first time is read whole and verified; let the next one load meanwhile.
            if (index + 1 < leaf.Blocks.Count && !_verified.ContainsKey(block.Hash)) _blocks.Prefetch(leaf.Blocks[index + 1].Hash, leaf.Blocks[index + 1].Size);
            ReadBlock(block, within, buffer.Slice(done, n));
            done += n;
        }
        return done;
    }

    /// <summary>
    /// The first read of a block in this process re-hashes the whole block, so a block corrupted on disk is never
    /// served; verified blocks are remembered (up to about a million).
    /// </summary>
    private void VerifyAndCopy(LeafBlock block, long within, Span<byte> target)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(block.Size);
        try
        {
            var span = bytes.AsSpan(0, block.Size);
            if (_blocks.Read(block.Hash, block.Size, 0, span) != block.Size || Blake3.Hash(span) != block.Hash) throw new CorruptBlockException(block.Hash);
            MarkVerified(block.Hash);
            span.Slice((int)within, target.Length).CopyTo(target);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private void MarkVerified(Blake3Hash hash)
    {
        if (_verified.Count >= VerifiedLimit) _verified.Clear();
        _verified.TryAdd(hash, 0);
    }

    /// <summary>A version holding exactly <paramref name="content"/> (small payloads: symlink targets, generated files).</summary>
    public PendingLeaf Build(ReadOnlySpan<byte> content, bool durable)
    {
        var copy = content.ToArray();
        return Build(LeafVersion.Empty, copy.LongLength, _ => true, (index, buffer) => copy.AsSpan((int)(index * BlockSize), buffer.Length).CopyTo(buffer), durable);
    }

    /// <summary>
    /// Builds the next version of a file: blocks for which <paramref name="changed"/> is true (and any block whose
    /// length differs from <paramref name="baseVersion"/>'s) are read through <paramref name="readChanged"/>, hashed
    /// and stored; the others are reused with their cached chaining values. Blocks are stored (and with
    /// <paramref name="durable"/> fsynced) before this returns, so the caller can then commit metadata that references them.
    /// </summary>
    /// <param name="baseVersion">The version being edited (<see cref="LeafVersion.Empty"/> for a new file).</param>
    /// <param name="size">The new size in bytes.</param>
    /// <param name="changed">Which block indexes were written since <paramref name="baseVersion"/>.</param>
    /// <param name="readChanged">Supplies the bytes of changed blocks.</param>
    /// <param name="durable">fsync every block of the version before returning (fsync(2) semantics).</param>
    /// <returns>The pending version; commit it, then dispose it.</returns>
    /// <param name="sealedBlock">Blocks already stored with <see cref="StoreBlock"/> while the file was written (null
    /// for none): used as they are when their size fits.</param>
    public PendingLeaf Build(LeafVersion baseVersion, long size, Func<long, bool> changed, BlockReader readChanged, bool durable, Func<long, LeafBlock?>? sealedBlock = null)
    {
        var count = (int)((size + BlockSize - 1) / BlockSize);
        var multi = size > BlockSize;
        var blocks = new LeafBlock[count];
        byte[]? tail = null;
        var pinned = new List<LeafBlock>(count);
        var batch = new List<(int Index, byte[] Buffer, int Length)>(BatchSize);
        try
        {
            for (var index = 0; index < count; index++)
            {
                var length = (int)Math.Min(BlockSize, size - (long)index * BlockSize);
                var isTail = multi && index == count - 1 && length < BlockSize;
                var stored = sealedBlock?.Invoke(index) is { } candidate && candidate.Size == length ? candidate : (LeafBlock?)null;
                var reuse = stored is not null || (!changed(index) && index < baseVersion.Blocks.Count && baseVersion.Blocks[index].Size == length);
                if (!reuse)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
                    batch.Add((index, buffer, length));
                    readChanged(index, buffer.AsSpan(0, length));
                    if (isTail) tail = buffer.AsSpan(0, length).ToArray();
                    if (batch.Count == BatchSize) StoreBatch(batch, blocks, pinned, multi);
                    continue;
                }
                var block = stored ?? baseVersion.Blocks[index];
                var needsCv = multi && length == BlockSize && block.ChainingValue is null;
                if (needsCv || isTail)
                {
                    var bytes = ArrayPool<byte>.Shared.Rent(BlockSize);
                    try
                    {
                        var span = bytes.AsSpan(0, length);
                        ReadExact(block, span);
                        if (needsCv)
                        {
                            block = block with { ChainingValue = Blake3Subtree.ComputeChainingValue(span, ChunkCounterOf(index)) };
                            _counters.Hashed(length);
                        }
                        if (isTail) tail = span.ToArray();
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(bytes);
                    }
                }
                if (!multi) block = block with { ChainingValue = null };
                Pin(block.Hash);
                pinned.Add(block);
                blocks[index] = block;
            }
            StoreBatch(batch, blocks, pinned, multi);
            // fsync(2): every block of the version, reused ones too (a base committed at close was never fsynced).
            if (durable) SyncBlocks(blocks);
            Blake3Hash id;
            if (count == 0) id = LeafVersion.Empty.Id;
            else if (!multi) id = blocks[0].Hash;
            else
            {
                var fullCount = tail is null ? count : count - 1;
                var cvs = new ChainingValue[fullCount];
                for (var i = 0; i < fullCount; i++) cvs[i] = blocks[i].ChainingValue!.Value;
                id = Blake3Subtree.RootHash(cvs, BlockSize, tail ?? []);
            }
            _counters.Committed();
            return new PendingLeaf(this, new LeafVersion(id, size, blocks));
        }
        catch
        {
            foreach (var (_, buffer, _) in batch) ArrayPool<byte>.Shared.Return(buffer);
            Unpin(pinned);
            throw;
        }
    }

    /// <summary>Changed blocks hashed (and stored) together, in parallel across cores when there are several.</summary>
    private static readonly int BatchSize = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>
    /// Hashes a batch of changed blocks (block hash and, for full blocks of multi-block files, the subtree chaining value
    /// at the block's position), stores them, and returns their buffers to the pool. Blocks are independent subtrees,
    /// so they hash in parallel exactly as b3sum's subtree parallelism does.
    /// </summary>
    private void StoreBatch(List<(int Index, byte[] Buffer, int Length)> batch, LeafBlock[] blocks, List<LeafBlock> pinned, bool multi)
    {
        if (batch.Count == 0) return;
        void One(int i)
        {
            var (index, buffer, length) = batch[i];
            blocks[index] = StoreBlock(index, buffer.AsSpan(0, length), withChainingValue: multi);
        }
        try
        {
            if (batch.Count == 1) One(0);
            else Parallel.For(0, batch.Count, One);
        }
        finally
        {
            foreach (var (index, buffer, _) in batch)
            {
                if (blocks[index].Size > 0 || blocks[index].Hash != default) pinned.Add(blocks[index]);
                ArrayPool<byte>.Shared.Return(buffer);
            }
            batch.Clear();
        }
    }

    /// <summary>
    /// Hashes and stores one block of a file at block <paramref name="index"/> (not fsynced) and pins it: its file stays
    /// even if a concurrent release makes it unreferenced, until <see cref="ReleaseBlocks"/>. Files written
    /// sequentially store each full block this way as soon as it is complete, so their bytes are copied once.
    /// </summary>
    /// <param name="index">The block's position in the file (its chaining value depends on it).</param>
    /// <param name="data">The block's bytes (at most <see cref="BlockSize"/>).</param>
    /// <param name="withChainingValue">Also compute the subtree chaining value (full blocks of multi-block files).</param>
    public LeafBlock StoreBlock(long index, ReadOnlySpan<byte> data, bool withChainingValue)
    {
        var hash = Blake3.Hash(data);
        _counters.Hashed(data.Length);
        ChainingValue? cv = null;
        if (withChainingValue && data.Length == BlockSize)
        {
            cv = Blake3Subtree.ComputeChainingValue(data, ChunkCounterOf(index));
            _counters.Hashed(data.Length);
        }
        Pin(hash);
        if (_blocks.Put(hash, data, durable: false))
        {
            _counters.Stored(data.Length);
            MarkVerified(hash);
        }
        return new LeafBlock(index, hash, data.Length, cv);
    }

    /// <summary>Unpins blocks pinned by <see cref="StoreBlock"/>.</summary>
    public void ReleaseBlocks(IEnumerable<LeafBlock> blocks) => Unpin(blocks);

    /// <summary>Reads from one block at <paramref name="within"/> bytes into it (verified on first read, as <see cref="Read"/>).</summary>
    /// <exception cref="CorruptBlockException">The block does not hash to its id or is short.</exception>
    public int ReadBlock(LeafBlock block, long within, Span<byte> buffer)
    {
        if (within >= block.Size) return 0;
        var n = (int)Math.Min(buffer.Length, block.Size - within);
        if (!_verified.ContainsKey(block.Hash)) VerifyAndCopy(block, within, buffer[..n]);
        else if (_blocks.Read(block.Hash, block.Size, within, buffer[..n]) < n) throw new CorruptBlockException(block.Hash);
        return n;
    }

    /// <summary>fsyncs every block of <paramref name="leaf"/> (fsync(2) of a file committed earlier without it).</summary>
    public void SyncBlocks(LeafVersion leaf) => SyncBlocks(leaf.Blocks);

    private void SyncBlocks(IEnumerable<LeafBlock> blocks) => _blocks.SyncMany(blocks.Select(b => b.Hash).Distinct().ToList());

    /// <summary>
    /// Deletes the files of blocks that the metadata no longer references (returned by
    /// <see cref="MetadataStore.ReleaseLeaf"/> after its transaction committed), except blocks pinned by a pending
    /// version, which a concurrent save is about to reference again.
    /// </summary>
    public void DeleteUnreferenced(IEnumerable<Blake3Hash> dead)
    {
        // Lock order: the metadata lock, then the pins (deleting a small block takes the metadata lock; Pin and Unpin
        // never take it).
        lock (_metadata.SyncRoot)
        {
            lock (_pins)
            {
                foreach (var hash in dead)
                {
                    if (!_pins.ContainsKey(hash)) _blocks.Delete(hash);
                }
            }
        }
    }

    internal void Unpin(IEnumerable<LeafBlock> blocks)
    {
        lock (_pins)
        {
            foreach (var block in blocks)
            {
                if (_pins.TryGetValue(block.Hash, out var n))
                {
                    if (n <= 1) _pins.Remove(block.Hash);
                    else _pins[block.Hash] = n - 1;
                }
            }
        }
    }

    private void Pin(Blake3Hash hash)
    {
        lock (_pins)
        {
            _pins[hash] = _pins.TryGetValue(hash, out var n) ? n + 1 : 1;
        }
    }

    private ulong ChunkCounterOf(long index) => (ulong)index * (ulong)(BlockSize / 1024);

    private void ReadExact(LeafBlock block, Span<byte> span)
    {
        if (_blocks.Read(block.Hash, block.Size, 0, span) != span.Length) throw new IOException($"block {block.Hash} is shorter than recorded ({block.Size} bytes)");
    }
}

using System.Buffers;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;

namespace Indra.Engine.Content;

/// <summary>
/// Turns bytes into leaf versions and back. Files are stored as fixed-size, power-of-two blocks aligned to BLAKE3
/// chunk boundaries; every full block of a multi-block file keeps its subtree chaining value, so an edit re-hashes
/// and re-stores only the blocks it touched (plus the tail) while the file id stays the plain BLAKE3 of the whole
/// file (reference/blake3.md §4). Blocks are shared across the vault by name: full blocks past the first are named by
/// their chaining value at their position, other blocks by their plain hash (docs/blocks.md, <see cref="BlockKeys"/>).
/// </summary>
public sealed class ContentStore
{
    private readonly MetadataStore _metadata;
    private readonly IBlockStore _blocks;
    private readonly EngineCounters _counters;
    private readonly Dictionary<Blake3Hash, int> _pins = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Blake3Hash, byte> _verified = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Blake3Hash, byte> _provisional = new();
    private readonly ZeroSubtrees _zeros;
    private const int VerifiedLimit = 1 << 20;
    // An approximate count of _verified: ConcurrentDictionary.Count takes every one of its locks (up to 1,024 once
    // the table has grown), which cost about 10 µs per committed block on the request thread.
    private int _verifiedCount;

    /// <summary>Creates the content store over the vault's stores (<see cref="Vaults.Vault.Content"/> is the vault's).</summary>
    /// <param name="metadata">Leaf and block tables.</param>
    /// <param name="blocks">Block bytes.</param>
    /// <param name="blockSize">Block size in bytes: a power of two, at least 1024.</param>
    /// <param name="counters">Where work is counted.</param>
    /// <exception cref="ArgumentException">A block size that is not a power of two of at least 1024 bytes.</exception>
    internal ContentStore(MetadataStore metadata, IBlockStore blocks, int blockSize, EngineCounters counters)
    {
        if (blockSize < 1024 || !int.IsPow2(blockSize)) throw new ArgumentException("block size must be a power of two of at least 1024 bytes", nameof(blockSize));
        _metadata = metadata;
        _blocks = blocks;
        BlockSize = blockSize;
        _counters = counters;
        _zeros = new ZeroSubtrees(blockSize, counters);
    }

    /// <summary>Block size in bytes.</summary>
    public int BlockSize { get; }

    /// <summary>The block store (for fsck and gc).</summary>
    internal IBlockStore Blocks => _blocks;

    /// <summary>The stored version of leaf <paramref name="id"/> whose size is <paramref name="size"/> bytes.</summary>
    public LeafVersion Load(Blake3Hash id, long size) =>
        size == 0 ? LeafVersion.Empty with { Id = id } : new LeafVersion(id, size, _metadata.GetLeafBlocks(id));

    /// <summary>Reads up to <c>buffer.Length</c> bytes of <paramref name="leaf"/> at <paramref name="offset"/>; holes read as zeros.</summary>
    /// <returns>Bytes read; fewer only at the end of the content.</returns>
    /// <exception cref="MissingBlockException">A block the leaf names is not stored.</exception>
    /// <exception cref="CorruptBlockException">A block does not hash to its name or is short.</exception>
    public int Read(LeafVersion leaf, long offset, Span<byte> buffer)
    {
        if (offset >= leaf.Size) return 0;
        var want = (int)Math.Min(buffer.Length, leaf.Size - offset);
        StreamAhead(leaf, offset, want);
        var done = 0;
        while (done < want)
        {
            var position = offset + done;
            var index = position / BlockSize;
            var within = position - index * BlockSize;
            var n = (int)Math.Min(want - done, Math.Min(BlockSize, leaf.Size - index * BlockSize) - within);
            var target = buffer.Slice(done, n);
            if (leaf.TryGetBlock(index, out var block))
            {
                // A block read for the first time is read whole and verified; let the next one load meanwhile.
                if (!_verified.ContainsKey(block.Hash.Hash) && leaf.TryGetBlock(index + 1, out var next)) _blocks.Prefetch(next.Hash.Hash, next.Size);
                var got = ReadBlock(block, within, target);
                target[got..].Clear();
            }
            else
            {
                target.Clear();
            }
            done += n;
        }
        return done;
    }

    /// <summary>
    /// The answer to a read of up to <paramref name="length"/> bytes of <paramref name="leaf"/> at
    /// <paramref name="offset"/> as a range of a block's file, for a reply sent from the file without copying the bytes
    /// through this process (<see cref="IBlockStore.OpenFileRange"/>), or null when the read must go through
    /// <see cref="Read"/>: at or past the end, crossing a block boundary, in a hole, in a block this process has not
    /// verified yet (the byte path verifies it, so a corrupt block is never served either way), or in a block not kept
    /// as a plain file (in the database, sealed, cached from an object store, queued). A missing block is left to
    /// <see cref="Read"/> to report. The range is clipped at the end of the content; the caller disposes it.
    /// </summary>
    public BlockFileRange? OpenFileRange(LeafVersion leaf, long offset, int length)
    {
        if (offset < 0 || offset >= leaf.Size || length <= 0) return null;
        var want = (int)Math.Min(length, leaf.Size - offset);
        var index = offset / BlockSize;
        var within = offset - index * BlockSize;
        if (!leaf.TryGetBlock(index, out var block) || within + want > block.Size || !_verified.ContainsKey(block.Hash.Hash)) return null;
        BlockFileRange? range;
        try
        {
            range = _blocks.OpenFileRange(block.Hash.Hash, block.Size, within, want);
        }
        catch (Exception e) when (e is BlockMissingException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (range is not null) StreamAhead(leaf, offset, want);
        return range;
    }

    /// <summary>Bytes of blocks a streaming reader keeps loading ahead of itself (<see cref="StreamAhead"/>).</summary>
    public const int StreamAheadBytes = 8 << 20;

    /// <summary>Smallest request that counts as a streaming reader's (the kernel's readahead sends at least this much).</summary>
    private const int StreamRequestBytes = 128 << 10;

    /// <summary>
    /// Keeps <see cref="StreamAheadBytes"/> of blocks loading ahead of a streaming reader: a request of at least
    /// <see cref="StreamRequestBytes"/> (or a whole smaller block) that starts at a block's first byte is the kernel's
    /// readahead of a sequential reader, so the block that many bytes further on is hinted (all of them from the
    /// file's first block). Otherwise a cold sequential read waits for each block's disk read in turn, one at a time.
    /// Whether this process verified a block says nothing about its pages (blocks are written with O_DIRECT, and the
    /// page cache may have been dropped since), so the hint is given either way; for pages already cached it costs
    /// one <c>posix_fadvise</c>.
    /// </summary>
    private void StreamAhead(LeafVersion leaf, long offset, int want)
    {
        var index = offset / BlockSize;
        if (offset != index * BlockSize || want < Math.Min(StreamRequestBytes, BlockSize)) return;
        var depth = Math.Max(1, StreamAheadBytes / BlockSize);
        for (var ahead = index == 0 ? 1 : depth; ahead <= depth; ahead++)
        {
            if (leaf.TryGetBlock(index + ahead, out var block)) _blocks.Prefetch(block.Hash.Hash, block.Size);
        }
    }

    /// <summary>
    /// Starts loading the first block of <paramref name="leaf"/> into the page cache without waiting (a block stored as
    /// a file: POSIX_FADV_WILLNEED), when this process has not read it yet: called at open, so the disk works while the
    /// open's reply travels and the first read request comes back. Blocks in the database and blocks already read
    /// are left alone (a file whose pages the kernel keeps is opened without any read following). Never throws for a
    /// missing block: the read that follows reports it.
    /// </summary>
    public void PrefetchFirstBlock(LeafVersion leaf)
    {
        if (leaf.TryGetBlock(0, out var first) && !_verified.ContainsKey(first.Hash.Hash)) _blocks.Prefetch(first.Hash.Hash, first.Size);
    }

    /// <summary>
    /// The first read of a block in this process re-hashes the whole block, so a block corrupted on disk is never
    /// served; verified blocks are remembered (up to about a million).
    /// </summary>
    private void VerifyAndCopy(LeafBlock block, long within, Span<byte> target)
    {
        if (within == 0 && target.Length == block.Size)
        {
            // The whole block is asked for (a small file read in one request): it is read and verified where it is
            // served from, without a second buffer and copy. On a mismatch the caller gets the exception, never the bytes.
            if (ReadStored(block, 0, target) != block.Size || !BlockKeys.Matches(block, target, BlockSize)) throw new CorruptBlockException(block.Hash.Hash);
            MarkVerified(block.Hash.Hash);
            return;
        }
        var bytes = ArrayPool<byte>.Shared.Rent(block.Size);
        try
        {
            var span = bytes.AsSpan(0, block.Size);
            if (ReadStored(block, 0, span) != block.Size || !BlockKeys.Matches(block, span, BlockSize)) throw new CorruptBlockException(block.Hash.Hash);
            MarkVerified(block.Hash.Hash);
            span.Slice((int)within, target.Length).CopyTo(target);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private void MarkVerified(Blake3Hash hash)
    {
        if (Volatile.Read(ref _verifiedCount) >= VerifiedLimit)
        {
            _verified.Clear();
            Volatile.Write(ref _verifiedCount, 0);
        }
        if (_verified.TryAdd(hash, 0)) Interlocked.Increment(ref _verifiedCount);
    }

    /// <summary>A version holding exactly <paramref name="content"/> (small payloads: symlink targets, generated files).</summary>
    public PendingLeaf Build(ReadOnlySpan<byte> content, bool durable)
    {
        var copy = content.ToArray();
        var all = new HashSet<long>();
        for (long index = 0; index * BlockSize < copy.LongLength; index++) all.Add(index);
        return Build(LeafVersion.Empty, copy.LongLength, all, (index, buffer) => copy.AsSpan((int)(index * BlockSize), buffer.Length).CopyTo(buffer), durable);
    }

    /// <summary>
    /// Holes whose hashing would cost more than this many bytes are hashed in the background: the version gets a
    /// provisional id at once (<see cref="IsProvisional"/>) and its real id later (<see cref="ResolveId"/>).
    /// </summary>
    public const long DeferredHoleBytes = 64L << 20;

    /// <summary>
    /// Builds the next version of a file: blocks in <paramref name="changed"/> (and any block whose length differs
    /// from <paramref name="baseVersion"/>'s) are read through <paramref name="readChanged"/>, hashed and stored;
    /// the other stored blocks are reused with their cached chaining values; blocks neither stored in the base nor
    /// changed nor sealed, and blocks <paramref name="isHole"/> names, are holes (nothing stored). Work and memory follow
    /// the blocks present, never the size. Blocks are stored (and with <paramref name="durable"/> fsynced) before
    /// this returns, so the caller can then commit metadata that references them.
    /// </summary>
    /// <param name="baseVersion">The version being edited (<see cref="LeafVersion.Empty"/> for a new file).</param>
    /// <param name="size">The new size in bytes.</param>
    /// <param name="changed">Block indexes written since <paramref name="baseVersion"/>.</param>
    /// <param name="readChanged">Supplies the bytes of changed blocks.</param>
    /// <param name="durable">fsync every block of the version before returning (fsync(2) semantics).</param>
    /// <param name="sealedBlocks">Blocks already stored with <see cref="StoreBlock"/> while the file was written (null
    /// for none): used as they are when their size fits.</param>
    /// <param name="isHole">True for a block index of the base that became a hole (truncated away, fallocate PUNCH_HOLE / ZERO_RANGE).</param>
    /// <returns>The pending version; commit it, then dispose it. Its <see cref="PendingLeaf.IdPending"/> says whether
    /// its id is provisional (holes larger than <see cref="DeferredHoleBytes"/> not yet hashed).</returns>
    public PendingLeaf Build(LeafVersion baseVersion, long size, ICollection<long> changed, BlockReader readChanged, bool durable,
        IReadOnlyDictionary<long, LeafBlock>? sealedBlocks = null, Func<long, bool>? isHole = null)
    {
        var count = (size + BlockSize - 1) / BlockSize;
        var multi = size > BlockSize;
        var candidates = new List<long>(baseVersion.Blocks.Count + changed.Count + (sealedBlocks?.Count ?? 0));
        foreach (var block in baseVersion.Blocks)
        {
            if (block.Index < count && isHole?.Invoke(block.Index) != true) candidates.Add(block.Index);
        }
        foreach (var index in changed) if (index < count) candidates.Add(index);
        if (sealedBlocks is not null) foreach (var index in sealedBlocks.Keys) if (index < count) candidates.Add(index);
        candidates.Sort();
        var blocks = new List<LeafBlock>(candidates.Count);
        var slots = new Dictionary<long, int>();
        byte[]? tail = null;
        var pinned = new List<LeafBlock>(candidates.Count);
        var batch = new List<(long Index, byte[] Buffer, int Length)>(BatchSize);
        try
        {
            long previous = -1;
            foreach (var index in candidates)
            {
                if (index == previous) continue;
                previous = index;
                var length = (int)Math.Min(BlockSize, size - index * BlockSize);
                var isTail = multi && index == count - 1 && length < BlockSize;
                var stored = sealedBlocks is not null && sealedBlocks.TryGetValue(index, out var candidate) && candidate.Size == length ? candidate : (LeafBlock?)null;
                LeafBlock baseBlock = default;
                var reuse = stored is not null || (!changed.Contains(index) && baseVersion.TryGetBlock(index, out baseBlock) && baseBlock.Size == length);
                slots[index] = blocks.Count;
                blocks.Add(default);
                if (!reuse)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
                    batch.Add((index, buffer, length));
                    readChanged(index, buffer.AsSpan(0, length));
                    if (isTail) tail = buffer.AsSpan(0, length).ToArray();
                    if (batch.Count == BatchSize) StoreBatch(batch, blocks, slots, pinned, multi);
                    continue;
                }
                var block = stored ?? baseBlock;
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
                Pin(block.Hash.Hash);
                pinned.Add(block);
                blocks[slots[index]] = block;
            }
            StoreBatch(batch, blocks, slots, pinned, multi);
            // fsync(2): every block of the version, reused ones too (a base committed at close was never fsynced).
            // Either way every block written in the background has landed before the version can be committed.
            if (durable) SyncBlocks(blocks);
            else _blocks.WaitForWrites(blocks.Select(b => b.Hash.Hash).ToList());
            _counters.Committed();
            var holeCost = multi ? HoleBytes(size, blocks, DeferredHoleBytes + 1) : 0;
            if (holeCost > DeferredHoleBytes)
            {
                var provisional = ProvisionalId(size, blocks);
                _provisional.TryAdd(provisional, 0);
                return new PendingLeaf(this, new LeafVersion(provisional, size, blocks), idPending: true);
            }
            return new PendingLeaf(this, new LeafVersion(IdOf(size, blocks, tail, CancellationToken.None), size, blocks), idPending: false);
        }
        catch
        {
            foreach (var (_, buffer, _) in batch) ArrayPool<byte>.Shared.Return(buffer);
            Unpin(pinned);
            throw;
        }
    }

    /// <summary>
    /// The plain BLAKE3 hash of a version's bytes, holes included (<c>b3sum</c> agrees): the chaining values of its
    /// full stored blocks, the zero subtrees of its holes and the bytes of its last partial block, merged by the
    /// BLAKE3 tree rule (spec §2.5; a block of 2^k chunks at an aligned offset is a complete subtree).
    /// </summary>
    private Blake3Hash IdOf(long size, IReadOnlyList<LeafBlock> blocks, byte[]? tail, CancellationToken cancel)
    {
        if (size <= BlockSize)
        {
            if (blocks.Count == 1) return blocks[0].Hash.Hash;
            var hasher1 = new Blake3Hasher();
            _zeros.AppendBytes(hasher1, (int)size);
            _counters.Hashed(size);
            return hasher1.Finalize();
        }
        var full = size / BlockSize;
        var tailLength = (int)(size - full * BlockSize);
        var hasher = new Blake3Hasher();
        var chunksPerBlock = (ulong)(BlockSize / 1024);
        long next = 0;
        foreach (var block in blocks)
        {
            if (block.Index >= full) break;
            _zeros.Append(hasher, next, block.Index - next, cancel);
            hasher.AppendSubtree(block.ChainingValue ?? throw new InvalidOperationException($"full block {block.Index} has no chaining value"), chunksPerBlock);
            next = block.Index + 1;
        }
        _zeros.Append(hasher, next, full - next, cancel);
        if (tailLength > 0)
        {
            if (tail is not null) hasher.Update(tail);
            else if (blocks.Count > 0 && blocks[^1].Index == full)
            {
                var bytes = new byte[tailLength];
                ReadExact(blocks[^1], bytes);
                hasher.Update(bytes);
            }
            else
            {
                _zeros.AppendBytes(hasher, tailLength);
                _counters.Hashed(tailLength);
            }
        }
        return hasher.Finalize();
    }

    /// <summary>Bytes of holes in a version that are not hashed yet (up to <paramref name="limit"/>).</summary>
    private long HoleBytes(long size, IReadOnlyList<LeafBlock> blocks, long limit)
    {
        var full = size / BlockSize;
        long next = 0, total = 0;
        foreach (var block in blocks)
        {
            if (block.Index >= full || total >= limit) break;
            total += _zeros.UncachedBytes(next, block.Index - next, limit - total);
            next = block.Index + 1;
        }
        if (total < limit) total += _zeros.UncachedBytes(next, full - next, limit - total);
        return total;
    }

    /// <summary>
    /// A stand-in id for a version whose holes are still being hashed: the BLAKE3 derive_key hash (context
    /// <see cref="ProvisionalContext"/>) of its size and its (index, block hash) list, so it names exactly this
    /// content and can never equal a plain BLAKE3 id in practice.
    /// </summary>
    private static Blake3Hash ProvisionalId(long size, IReadOnlyList<LeafBlock> blocks)
    {
        var hasher = Blake3Hasher.CreateDeriveKey(ProvisionalContext);
        Span<byte> number = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(number, size);
        hasher.Update(number);
        foreach (var block in blocks)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(number, block.Index);
            hasher.Update(number);
            hasher.Update(block.Hash.Hash.AsSpan());
        }
        return hasher.Finalize();
    }

    /// <summary>The derive_key context of provisional ids.</summary>
    public const string ProvisionalContext = "Indra 2026-12 provisional leaf id of a version whose holes are being hashed";

    /// <summary>True when <paramref name="id"/> is a provisional id handed out by <see cref="Build(LeafVersion, long, ICollection{long}, BlockReader, bool, IReadOnlyDictionary{long, LeafBlock}?, Func{long, bool}?)"/> (or registered with <see cref="RegisterProvisional"/> at mount) and not yet resolved.</summary>
    public bool IsProvisional(Blake3Hash id) => !_provisional.IsEmpty && _provisional.ContainsKey(id);

    /// <summary>Registers a provisional id found in the metadata at mount (its version is hashed again).</summary>
    public void RegisterProvisional(Blake3Hash id) => _provisional.TryAdd(id, 0);

    /// <summary>Forgets a provisional id (resolved, or its version is gone).</summary>
    public void ForgetProvisional(Blake3Hash id) => _provisional.TryRemove(id, out _);

    /// <summary>
    /// Computes the real id of a version that has a provisional one: hashes its holes (on the calling thread, in
    /// proportion to their length; remembered for later saves) and merges them with its blocks' chaining values.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public Blake3Hash ResolveId(LeafVersion version, CancellationToken cancel) => IdOf(version.Size, version.Blocks, null, cancel);

    /// <summary>Changed blocks hashed (and stored) together, in parallel across cores when there are several.</summary>
    private static readonly int BatchSize = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>
    /// Hashes a batch of changed blocks (block hash and, for full blocks of multi-block files, the subtree chaining value
    /// at the block's position), stores them, and returns their buffers to the pool. Blocks are independent subtrees,
    /// so they hash in parallel exactly as b3sum's subtree parallelism does.
    /// </summary>
    private void StoreBatch(List<(long Index, byte[] Buffer, int Length)> batch, List<LeafBlock> blocks, Dictionary<long, int> slots, List<LeafBlock> pinned, bool multi)
    {
        if (batch.Count == 0) return;
        void One(int i)
        {
            var (index, buffer, length) = batch[i];
            blocks[slots[index]] = StoreBlock(index, buffer.AsSpan(0, length), withChainingValue: multi);
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
                var block = blocks[slots[index]];
                if (block.Size > 0 || block.Hash != default) pinned.Add(block);
                ArrayPool<byte>.Shared.Return(buffer);
            }
            batch.Clear();
        }
    }

    /// <summary>
    /// Hashes and stores one block of a file at block <paramref name="index"/> (not fsynced) and pins it: its file stays
    /// even if a concurrent release makes it unreferenced, until <see cref="ReleaseBlocks"/>. Files written
    /// sequentially store each full block this way as soon as it is complete, so their bytes are copied once. The
    /// block's file may be written in the background (<see cref="IBlockStore.PutQueued"/>): <c>Build</c> waits for
    /// it before the version that references it can be committed, and reports a failed write (IOException) there.
    /// </summary>
    /// <param name="index">The block's position in the file (its chaining value depends on it).</param>
    /// <param name="data">The block's bytes (at most <see cref="BlockSize"/>).</param>
    /// <param name="withChainingValue">Also compute the subtree chaining value (full blocks of multi-block files).</param>
    public LeafBlock StoreBlock(long index, ReadOnlySpan<byte> data, bool withChainingValue)
    {
        // One pass per byte (docs/blocks.md): a full block past the first is named by its chaining value at its
        // position; the first block's plain hash and chaining value come from the same pass; other blocks need no
        // chaining value and are named by their plain hash.
        Blake3Hash hash;
        ChainingValue? cv = null;
        if (withChainingValue && data.Length == BlockSize && index > 0)
        {
            var positional = Blake3Subtree.ComputeChainingValue(data, ChunkCounterOf(index));
            cv = positional;
            hash = BlockKeys.Positional(positional).Hash;
        }
        else if (withChainingValue && data.Length == BlockSize)
        {
            hash = Blake3FirstBlock.Hash(data, out var first);
            cv = first;
        }
        else
        {
            hash = Blake3.Hash(data);
        }
        _counters.Hashed(data.Length);
        Pin(hash);
        if (_blocks.PutQueued(hash, data))
        {
            _counters.Stored(data.Length);
            MarkVerified(hash);
        }
        return new LeafBlock(index, new BlockHash(hash), data.Length, cv);
    }

    /// <summary>
    /// Uses full block <paramref name="block"/> of another version as block <paramref name="index"/> of a new one
    /// (copy_file_range): its stored bytes are shared and pinned like a block from <see cref="StoreBlock"/>. Its
    /// chaining value is kept when the position is the same and computed at build otherwise (it depends on the
    /// position; the bytes do not). A block named by its position (<see cref="BlockKeys.IsPositional"/>) cannot be
    /// named so at another one: there it is read, hashed and stored under its new name, as a write would.
    /// </summary>
    /// <exception cref="MissingBlockException">A block that must be read is not stored.</exception>
    /// <exception cref="CorruptBlockException">A block that must be read does not match its name.</exception>
    public LeafBlock Share(LeafBlock block, long index)
    {
        if (index != block.Index && BlockKeys.IsPositional(block))
        {
            // Its name holds its old position: at another one the bytes are hashed (once) and stored under a new name.
            var bytes = ArrayPool<byte>.Shared.Rent(block.Size);
            try
            {
                var span = bytes.AsSpan(0, block.Size);
                if (ReadBlock(block, 0, span) != block.Size) throw new CorruptBlockException(block.Hash.Hash);
                return StoreBlock(index, span, withChainingValue: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        Pin(block.Hash.Hash);
        return block with { Index = index, ChainingValue = index == block.Index ? block.ChainingValue : null };
    }

    /// <summary>Unpins blocks pinned by <see cref="StoreBlock"/> or <see cref="Share"/>.</summary>
    public void ReleaseBlocks(IEnumerable<LeafBlock> blocks) => Unpin(blocks);

    /// <summary>Reads from one block at <paramref name="within"/> bytes into it (verified on first read, as <see cref="Read"/>).</summary>
    /// <exception cref="MissingBlockException">The block is not stored.</exception>
    /// <exception cref="CorruptBlockException">The block does not hash to its id or is short.</exception>
    public int ReadBlock(LeafBlock block, long within, Span<byte> buffer)
    {
        if (within >= block.Size) return 0;
        var n = (int)Math.Min(buffer.Length, block.Size - within);
        if (!_verified.ContainsKey(block.Hash.Hash)) VerifyAndCopy(block, within, buffer[..n]);
        else if (ReadStored(block, within, buffer[..n]) < n) throw new CorruptBlockException(block.Hash.Hash);
        return n;
    }

    /// <summary>fsyncs every block of <paramref name="leaf"/> (fsync(2) of a file committed earlier without it).</summary>
    public void SyncBlocks(LeafVersion leaf) => SyncBlocks(leaf.Blocks);

    private void SyncBlocks(IEnumerable<LeafBlock> blocks) => _blocks.SyncMany(blocks.Select(b => b.Hash.Hash).Distinct().ToList());

    /// <summary>
    /// Deletes the files of blocks that the metadata no longer references (returned by
    /// <see cref="MetadataStore.ReleaseLeaf"/> after its transaction committed), except blocks pinned by a pending
    /// version, which a concurrent save is about to reference again, and blocks that a save committed since the
    /// release references again (the list is as old as its transaction: a save that found the block still stored
    /// shares it, commits and unpins it before this runs).
    /// </summary>
    public void DeleteUnreferenced(IEnumerable<Blake3Hash> dead)
    {
        // Lock order: the metadata lock, then the pins (deleting a small block takes the metadata lock; Pin and Unpin
        // never take it). Neither the check nor the delete runs queued writes, so no commit comes between them.
        lock (_metadata.SyncRoot)
        {
            lock (_pins)
            {
                foreach (var hash in dead)
                {
                    if (!_pins.ContainsKey(hash) && !_metadata.IsBlockReferenced(hash)) _blocks.Delete(hash);
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
                if (_pins.TryGetValue(block.Hash.Hash, out var n))
                {
                    if (n <= 1) _pins.Remove(block.Hash.Hash);
                    else _pins[block.Hash.Hash] = n - 1;
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

    /// <summary>Reads block <paramref name="block"/> from <paramref name="within"/> bytes into it; the store's missing-block and broken-seal errors become the engine's.</summary>
    /// <exception cref="MissingBlockException">The block is not stored.</exception>
    /// <exception cref="CorruptBlockException">A sealed block does not authenticate.</exception>
    private int ReadStored(LeafBlock block, long within, Span<byte> target)
    {
        try
        {
            return _blocks.Read(block.Hash.Hash, block.Size, within, target);
        }
        catch (BlockMissingException e)
        {
            throw new MissingBlockException(block.Hash, e);
        }
        catch (Storage.Blocks.Sealing.BrokenSealException e)
        {
            throw new CorruptBlockException(block.Hash.Hash, Storage.Blocks.Sealing.BrokenSealException.Reason, e);
        }
    }

    private ulong ChunkCounterOf(long index) => (ulong)index * (ulong)(BlockSize / 1024);

    private void ReadExact(LeafBlock block, Span<byte> span)
    {
        if (ReadStored(block, 0, span) != span.Length) throw new IOException($"block {block.Hash} is shorter than recorded ({block.Size} bytes)");
    }
}

using Indra.Engine.Content;

namespace Indra.FileSystem.Staging;

/// <summary>
/// The writes made to one file since its last commit. Blocks are tracked individually and memory follows the blocks
/// written, never the file's size or the offsets written at: a block touched by a write is copied from the committed
/// version into its own slot of a staging buffer (in memory while small, then a file in the vault's staging
/// directory), and only those "dirty" blocks are re-hashed and re-stored at commit. Blocks nothing was ever written
/// to are holes (zeros, nothing stored). Reads overlay dirty blocks on the committed version.
/// Sequential writers take a faster road: a block written from its first byte to its last in order is assembled in
/// memory (or taken straight from a write that covers it) and stored as a block the moment it is complete ("sealed"),
/// so its bytes are copied once and commit has only the tail left to do. Blocks shared with another file by
/// copy_file_range are sealed blocks too.
/// Not thread-safe: the owner serializes access (Inode.ContentGate).
/// </summary>
internal sealed class StagedContent : IDisposable
{
    /// <summary>Most bytes the assembly buffers of all files may hold together.</summary>
    private const long AssemblyBudget = 64L << 20;

    private static long _assemblyInUse;

    private readonly ContentStore _content;
    private readonly StagingBuffer _file;
    private readonly Dictionary<long, long> _dirty = new();
    private readonly Stack<long> _freeSlots = new();
    private readonly Dictionary<long, LeafBlock> _sealed = new();
    private readonly HashSet<long> _holes = new();
    private readonly int _blockSize;
    private long _nextSlot;
    private long _baseCut = long.MaxValue;
    private byte[]? _assembly;
    private long _assemblyIndex = -1;
    private int _assemblyLength;

    public StagedContent(ContentStore content, string stagingDirectory, long inode, LeafVersion baseVersion, bool sealSpill = false)
    {
        _content = content;
        _blockSize = content.BlockSize;
        Base = baseVersion;
        Size = baseVersion.Size;
        _file = new StagingBuffer(Path.Combine(stagingDirectory, $"{inode}-{Guid.NewGuid():N}"), sealSpill);
    }

    /// <summary>The committed version these writes apply to.</summary>
    public LeafVersion Base { get; private set; }

    /// <summary>Current logical size in bytes.</summary>
    public long Size { get; private set; }

    /// <summary>True when something differs from <see cref="Base"/>.</summary>
    public bool IsDirty => _dirty.Count > 0 || _sealed.Count > 0 || _assemblyIndex >= 0 || _holes.Count > 0 || _baseCut != long.MaxValue || Size != Base.Size;

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset >= Size) return 0;
        if (_assemblyIndex >= 0 && offset < (_assemblyIndex + 1) * _blockSize && offset + buffer.Length > _assemblyIndex * _blockSize) SpillAssembly();
        var want = (int)Math.Min(buffer.Length, Size - offset);
        var done = 0;
        while (done < want)
        {
            var position = offset + done;
            var index = position / _blockSize;
            var within = position - index * _blockSize;
            var n = (int)Math.Min(want - done, _blockSize - within);
            var target = buffer.Slice(done, n);
            if (_dirty.TryGetValue(index, out var slot)) ReadStaged(slot * _blockSize + within, target);
            else if (_sealed.TryGetValue(index, out var block)) ReadSealed(block, within, target);
            else ReadBase(index, position, target);
            done += n;
        }
        return done;
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0 && TryAssemble(offset, data, out var taken))
        {
            offset += taken;
            data = data[taken..];
        }
        WriteStaged(offset, data);
    }

    /// <summary>The general write path: through the staging buffer, block by block.</summary>
    private void WriteStaged(long offset, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var index = offset / _blockSize;
            var within = (int)(offset - index * _blockSize);
            var n = Math.Min(data.Length, _blockSize - within);
            var end = offset + n;
            // A write that covers everything the block holds (up to the end of the file) need not copy the old bytes.
            var covers = within == 0 && end >= Math.Min((index + 1) * _blockSize, Math.Max(Size, end));
            var slot = StageBlock(index, copyBase: !covers);
            _file.Write(data[..n], slot * _blockSize + within);
            if (end > Size) Size = end;
            offset = end;
            data = data[n..];
        }
    }

    /// <summary>Sets the size: extending adds a hole (nothing is staged); shrinking drops the blocks past the end.</summary>
    public void Truncate(long size)
    {
        SpillAssembly();
        if (size == Size) return;
        if (size > Size)
        {
            Size = size;
            return;
        }
        var keepBlocks = (size + _blockSize - 1) / _blockSize;
        foreach (var index in _dirty.Keys.Where(index => index >= keepBlocks).ToList()) DropDirty(index);
        foreach (var index in _sealed.Keys.Where(index => index >= keepBlocks).ToList()) Unseal(index);
        _holes.RemoveWhere(index => index >= keepBlocks);
        _baseCut = Math.Min(_baseCut, keepBlocks);
        var within = (int)(size % _blockSize);
        if (within != 0 && IsData(size / _blockSize))
        {
            // The bytes past the new end must read as zeros if the file grows again.
            var slot = StageBlock(size / _blockSize, copyBase: true);
            ZeroSlot(slot, within, _blockSize - within);
        }
        Size = size;
    }

    /// <summary>
    /// Makes bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) zeros: whole
    /// blocks become holes, partial ones are staged with zeros (fallocate PUNCH_HOLE and ZERO_RANGE). The size is
    /// not changed; the range must lie below it.
    /// </summary>
    public void Zero(long offset, long length)
    {
        SpillAssembly();
        var end = offset + length;
        var firstFull = (offset + _blockSize - 1) / _blockSize;
        var lastFull = end / _blockSize; // exclusive
        if (firstFull >= lastFull)
        {
            ZeroBytes(offset, end);
            return;
        }
        ZeroBytes(offset, firstFull * _blockSize);
        ZeroBytes(lastFull * _blockSize, end);
        foreach (var index in _dirty.Keys.Where(index => index >= firstFull && index < lastFull).ToList()) DropDirty(index);
        foreach (var index in _sealed.Keys.Where(index => index >= firstFull && index < lastFull).ToList()) Unseal(index);
        for (var position = Base.PositionAtOrAfter(firstFull); position < Base.Blocks.Count && Base.Blocks[position].Index < lastFull; position++)
        {
            _holes.Add(Base.Blocks[position].Index);
        }
    }

    /// <summary>Zeros bytes [<paramref name="from"/>, <paramref name="to"/>) that lie within at most two blocks.</summary>
    private void ZeroBytes(long from, long to)
    {
        while (to > from)
        {
            var index = from / _blockSize;
            var end = Math.Min(to, (index + 1) * _blockSize);
            if (IsData(index))
            {
                var slot = StageBlock(index, copyBase: true);
                ZeroSlot(slot, (int)(from - index * _blockSize), (int)(end - from));
            }
            from = end;
        }
    }

    /// <summary>
    /// Makes block <paramref name="index"/> a copy of <paramref name="block"/> (a full block of another version),
    /// sharing its stored bytes: nothing is read, hashed or stored (copy_file_range).
    /// </summary>
    public void Share(long index, LeafBlock block)
    {
        SpillAssembly();
        DropDirty(index);
        Unseal(index);
        _holes.Remove(index);
        _sealed[index] = _content.Share(block, index);
        Size = Math.Max(Size, (index * _blockSize) + block.Size);
    }

    /// <summary>Makes block <paramref name="index"/> a hole (a full block of the source of a copy was a hole).</summary>
    public void Punch(long index)
    {
        SpillAssembly();
        DropDirty(index);
        Unseal(index);
        if (index < _baseCut && Base.TryGetBlock(index, out _)) _holes.Add(index);
        Size = Math.Max(Size, (index + 1) * _blockSize);
    }

    /// <summary>Most blocks counted one by one for <see cref="StoredBytes"/>; larger files are estimated.</summary>
    private const int CountedBlocks = 4096;

    /// <summary>Bytes the file would occupy if committed now (st_blocks): staged blocks count whole; a file of more
    /// than <see cref="CountedBlocks"/> blocks is estimated from its committed version.</summary>
    public long StoredBytes
    {
        get
        {
            var staged = (long)(_dirty.Count + _sealed.Count + (_assemblyIndex >= 0 ? 1 : 0)) * _blockSize;
            if (Base.Blocks.Count > CountedBlocks) return Math.Min(Size, Base.StoredBytes + staged);
            foreach (var block in Base.Blocks)
            {
                if (IsBaseData(block.Index) && !_dirty.ContainsKey(block.Index) && !_sealed.ContainsKey(block.Index) && block.Index != _assemblyIndex) staged += block.Size;
            }
            return Math.Min(Size, staged);
        }
    }

    /// <summary>True when block <paramref name="index"/> holds stored or staged bytes (false: a hole).</summary>
    public bool IsData(long index) =>
        _dirty.ContainsKey(index) || _sealed.ContainsKey(index) || index == _assemblyIndex || IsBaseData(index);

    /// <summary>The first block at or after <paramref name="index"/> that holds data, or -1.</summary>
    public long NextData(long index)
    {
        var best = long.MaxValue;
        foreach (var key in _dirty.Keys) if (key >= index && key < best) best = key;
        foreach (var key in _sealed.Keys) if (key >= index && key < best) best = key;
        if (_assemblyIndex >= index && _assemblyIndex < best) best = _assemblyIndex;
        for (var position = Base.PositionAtOrAfter(index); position < Base.Blocks.Count; position++)
        {
            var candidate = Base.Blocks[position].Index;
            if (candidate >= best) break;
            if (IsBaseData(candidate))
            {
                best = candidate;
                break;
            }
        }
        return best == long.MaxValue ? -1 : best;
    }

    private bool IsBaseData(long index) => index < _baseCut && !_holes.Contains(index) && Base.TryGetBlock(index, out _);

    /// <summary>Builds the new version from these writes (only dirty blocks are hashed and stored; sealed ones are used as stored).</summary>
    public PendingLeaf Build(bool durable)
    {
        if (!SealAssembledFile()) SpillAssembly();
        return _content.Build(Base, Size, _dirty.Keys, (index, buffer) => Read(index * _blockSize, buffer), durable,
            _sealed, index => index >= _baseCut || _holes.Contains(index));
    }

    /// <summary>After a commit of <paramref name="committed"/>: it becomes the base and nothing is dirty.</summary>
    public void Rebase(LeafVersion committed)
    {
        Base = committed;
        Size = committed.Size;
        _dirty.Clear();
        _freeSlots.Clear();
        _nextSlot = 0;
        _holes.Clear();
        _baseCut = long.MaxValue;
        _content.ReleaseBlocks(_sealed.Values);
        _sealed.Clear();
        _file.SetLength(0);
    }

    public void Dispose()
    {
        ReleaseAssembly();
        _content.ReleaseBlocks(_sealed.Values);
        _sealed.Clear();
        _file.Dispose();
    }

    /// <summary>
    /// Takes the start of <paramref name="data"/> into the block being assembled, or seals a whole block straight from
    /// it; false when the write does not continue a sequential run (then it goes through the staging buffer).
    /// </summary>
    private bool TryAssemble(long offset, ReadOnlySpan<byte> data, out int taken)
    {
        taken = 0;
        var index = offset / _blockSize;
        var within = (int)(offset - index * _blockSize);
        if (_assemblyIndex >= 0 && (index != _assemblyIndex || within != _assemblyLength)) SpillAssembly();
        if (_assemblyIndex < 0)
        {
            // A run starts at a block boundary inside or at the end of the file, on a block nothing has staged yet.
            if (within != 0 || offset > Size || _dirty.ContainsKey(index) || _sealed.ContainsKey(index)) return false;
            if (data.Length >= _blockSize)
            {
                _holes.Remove(index);
                _sealed[index] = _content.StoreBlock(index, data[.._blockSize], withChainingValue: true);
                taken = _blockSize;
                Size = Math.Max(Size, offset + _blockSize);
                return true;
            }
            if (Interlocked.Add(ref _assemblyInUse, _blockSize) > AssemblyBudget)
            {
                Interlocked.Add(ref _assemblyInUse, -_blockSize);
                return false;
            }
            _assembly = System.Buffers.ArrayPool<byte>.Shared.Rent(_blockSize);
            _assemblyIndex = index;
            _assemblyLength = 0;
        }
        var n = Math.Min(data.Length, _blockSize - _assemblyLength);
        data[..n].CopyTo(_assembly.AsSpan(_assemblyLength));
        _assemblyLength += n;
        taken = n;
        Size = Math.Max(Size, offset + n);
        if (_assemblyLength == _blockSize)
        {
            _holes.Remove(_assemblyIndex);
            _sealed[_assemblyIndex] = _content.StoreBlock(_assemblyIndex, _assembly.AsSpan(0, _blockSize), withChainingValue: true);
            ReleaseAssembly();
        }
        return true;
    }

    /// <summary>
    /// At commit, stores the block being assembled straight from the assembly buffer when it is the whole content of a
    /// one-block file (a small file written in order from its first byte: untar, git, compilers), instead of copying it
    /// into the staging buffer and reading it back for the build (a staging file of its own past
    /// <see cref="StagingBuffer.MemoryLimit"/>). A tail of a larger file still goes through the staging buffer: its
    /// bytes are needed again for the file's id. False when the assembly does not qualify (nothing is changed then).
    /// </summary>
    private bool SealAssembledFile()
    {
        if (_assemblyIndex != 0 || _assemblyLength != Size || _assemblyLength == 0) return false;
        _holes.Remove(0);
        _sealed[0] = _content.StoreBlock(0, _assembly.AsSpan(0, _assemblyLength), withChainingValue: false);
        ReleaseAssembly();
        return true;
    }

    /// <summary>Moves a partly assembled block into the staging buffer (a read of it, a jump, a truncate or a commit).</summary>
    private void SpillAssembly()
    {
        if (_assemblyIndex < 0) return;
        var offset = _assemblyIndex * _blockSize;
        var bytes = _assembly!;
        var length = _assemblyLength;
        _assemblyIndex = -1;
        try
        {
            WriteStaged(offset, bytes.AsSpan(0, length));
        }
        finally
        {
            _assembly = bytes;
            ReleaseAssembly();
        }
    }

    private void ReleaseAssembly()
    {
        if (_assembly is null) return;
        System.Buffers.ArrayPool<byte>.Shared.Return(_assembly);
        _assembly = null;
        _assemblyIndex = -1;
        _assemblyLength = 0;
        Interlocked.Add(ref _assemblyInUse, -_blockSize);
    }

    /// <summary>Forgets a sealed block (its data is no longer what the file holds there).</summary>
    private void Unseal(long index)
    {
        if (_sealed.Remove(index, out var block)) _content.ReleaseBlocks([block]);
    }

    private void DropDirty(long index)
    {
        if (_dirty.Remove(index, out var slot)) _freeSlots.Push(slot);
    }

    /// <summary>
    /// Gives block <paramref name="index"/> a slot in the staging buffer (once) and returns it; with
    /// <paramref name="copyBase"/> the block's current bytes are copied in, otherwise the slot reads as zeros.
    /// </summary>
    private long StageBlock(long index, bool copyBase)
    {
        if (_dirty.TryGetValue(index, out var existing)) return existing;
        var reused = _freeSlots.TryPop(out var slot);
        if (!reused) slot = _nextSlot++;
        var sealedBlock = _sealed.TryGetValue(index, out var stored) ? stored : (LeafBlock?)null;
        var baseData = sealedBlock is null && IsBaseData(index);
        Unseal(index);
        _holes.Remove(index);
        _dirty[index] = slot;
        var blockStart = index * _blockSize;
        var length = 0;
        if (copyBase && (sealedBlock is not null || baseData))
        {
            length = sealedBlock?.Size ?? (int)Math.Min(_blockSize, Math.Min(Base.Size, Size) - blockStart);
            if (length > 0)
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    var span = buffer.AsSpan(0, length);
                    if (sealedBlock is { } block) _content.ReadBlock(block, 0, span);
                    else _content.Read(Base, blockStart, span);
                    _file.Write(span, slot * _blockSize);
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            else
            {
                length = 0;
            }
        }
        // A reused slot still holds another block's bytes: whatever was not copied in must read as zeros.
        if (reused) ZeroSlot(slot, length, _blockSize - length);
        return slot;
    }

    private void ZeroSlot(long slot, int from, int length)
    {
        if (length <= 0) return;
        var start = slot * _blockSize + from;
        var fileLength = _file.Length;
        if (start >= fileLength) return;
        var zeros = new byte[Math.Min(length, fileLength - start)];
        _file.Write(zeros, start);
    }

    private void ReadStaged(long position, Span<byte> target)
    {
        var got = 0;
        while (got < target.Length)
        {
            var n = _file.Read(target[got..], position + got);
            if (n == 0) break;
            got += n;
        }
        target[got..].Clear();
    }

    private void ReadSealed(LeafBlock block, long within, Span<byte> target)
    {
        var got = _content.ReadBlock(block, within, target);
        target[got..].Clear();
    }

    private void ReadBase(long index, long position, Span<byte> target)
    {
        var got = position < Base.Size && IsBaseData(index) ? _content.Read(Base, position, target) : 0;
        target[got..].Clear();
    }
}

using Indra.Engine.Content;
using Indra.Storage.Metadata;

namespace Indra.FileSystem.Staging;

/// <summary>
/// The writes made to one file since its last commit, spilled to a sparse file in the vault's staging directory so
/// memory stays bounded whatever the file's size. Blocks are tracked individually: a block is copied from the
/// committed version into the staging file the first time a write touches part of it, and only the blocks touched
/// ("dirty") are re-hashed and re-stored at commit. Reads overlay dirty blocks on the committed version.
/// Sequential writers take a faster road: a block written from its first byte to its last in order is assembled in
/// memory (or taken straight from a write that covers it) and stored as a block the moment it is complete ("sealed"),
/// so its bytes are copied once and commit has only the tail left to do.
/// Not thread-safe: the owner serializes access (Inode.ContentGate).
/// </summary>
internal sealed class StagedContent : IDisposable
{
    /// <summary>Most bytes the assembly buffers of all files may hold together.</summary>
    private const long AssemblyBudget = 64L << 20;

    private static long _assemblyInUse;

    private readonly ContentStore _content;
    private readonly StagingBuffer _file;
    private readonly HashSet<long> _dirty = new();
    private readonly Dictionary<long, LeafBlock> _sealed = new();
    private readonly int _blockSize;
    private byte[]? _assembly;
    private long _assemblyIndex = -1;
    private int _assemblyLength;

    public StagedContent(ContentStore content, string stagingDirectory, long inode, LeafVersion baseVersion)
    {
        _content = content;
        _blockSize = content.BlockSize;
        Base = baseVersion;
        Size = baseVersion.Size;
        _file = new StagingBuffer(Path.Combine(stagingDirectory, $"{inode}-{Guid.NewGuid():N}"));
    }

    /// <summary>The committed version these writes apply to.</summary>
    public LeafVersion Base { get; private set; }

    /// <summary>Current logical size in bytes.</summary>
    public long Size { get; private set; }

    /// <summary>True when something differs from <see cref="Base"/>.</summary>
    public bool IsDirty => _dirty.Count > 0 || _sealed.Count > 0 || _assemblyIndex >= 0 || Size != Base.Size;

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
            var blockEnd = (index + 1) * _blockSize;
            var n = (int)Math.Min(want - done, blockEnd - position);
            var target = buffer.Slice(done, n);
            if (_dirty.Contains(index)) ReadStaged(position, target);
            else if (_sealed.TryGetValue(index, out var block)) ReadSealed(block, position - blockEnd + _blockSize, target);
            else ReadBase(position, target);
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

    /// <summary>The general write path: through the staging file, block by block.</summary>
    private void WriteStaged(long offset, ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return;
        var end = offset + data.Length;
        if (offset > Size) ExtendTo(offset);
        var first = offset / _blockSize;
        var last = (end - 1) / _blockSize;
        for (var index = first; index <= last; index++)
        {
            var blockStart = index * _blockSize;
            var covers = offset <= blockStart && end >= Math.Min(blockStart + _blockSize, Math.Max(Size, end));
            StageBlock(index, copyBase: !covers);
        }
        _file.Write(data, offset);
        if (end > Size) Size = end;
    }

    public void Truncate(long size)
    {
        SpillAssembly();
        if (size == Size) return;
        if (size > Size)
        {
            ExtendTo(size);
            return;
        }
        var keepBlocks = (size + _blockSize - 1) / _blockSize;
        _dirty.RemoveWhere(index => index >= keepBlocks);
        foreach (var index in _sealed.Keys.Where(index => index >= keepBlocks).ToList()) Unseal(index);
        if (size % _blockSize != 0) StageBlock(size / _blockSize, copyBase: true);
        _file.SetLength(Math.Min(_file.Length, size));
        Size = size;
    }

    /// <summary>Builds the new version from these writes (only dirty blocks are hashed and stored; sealed ones are used as stored).</summary>
    public PendingLeaf Build(bool durable)
    {
        SpillAssembly();
        return _content.Build(Base, Size, index => _dirty.Contains(index), (index, buffer) => Read(index * _blockSize, buffer), durable,
            index => _sealed.TryGetValue(index, out var block) ? block : null);
    }

    /// <summary>After a commit of <paramref name="committed"/>: it becomes the base and nothing is dirty.</summary>
    public void Rebase(LeafVersion committed)
    {
        Base = committed;
        Size = committed.Size;
        _dirty.Clear();
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
    /// it; false when the write does not continue a sequential run (then it goes through the staging file).
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
            if (within != 0 || offset > Size || _dirty.Contains(index) || _sealed.ContainsKey(index)) return false;
            if (data.Length >= _blockSize)
            {
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
            _sealed[_assemblyIndex] = _content.StoreBlock(_assemblyIndex, _assembly.AsSpan(0, _blockSize), withChainingValue: true);
            ReleaseAssembly();
        }
        return true;
    }

    /// <summary>Moves a partly assembled block into the staging file (a read of it, a jump, a truncate or a commit).</summary>
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

    private void ExtendTo(long size)
    {
        var first = Size / _blockSize;
        var last = (size - 1) / _blockSize;
        if (Size % _blockSize != 0) StageBlock(first, copyBase: true);
        for (var index = first; index <= last; index++) StageBlock(index, copyBase: false);
        Size = size;
    }

    private void StageBlock(long index, bool copyBase)
    {
        if (!_dirty.Add(index)) return;
        var blockStart = index * _blockSize;
        var sealedBlock = _sealed.TryGetValue(index, out var stored) ? stored : (LeafBlock?)null;
        Unseal(index);
        if (copyBase && (sealedBlock is not null || index < Base.Blocks.Count))
        {
            var length = sealedBlock?.Size ?? Base.Blocks[(int)index].Size;
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var span = buffer.AsSpan(0, length);
                if (sealedBlock is { } block) _content.ReadBlock(block, 0, span);
                else _content.Read(Base, blockStart, span);
                _file.Write(span, blockStart);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        else
        {
            // Whatever the staging file holds there (an earlier version's bytes past a truncation) must read as zeros.
            var fileLength = _file.Length;
            if (fileLength > blockStart)
            {
                var zeros = new byte[Math.Min(_blockSize, fileLength - blockStart)];
                _file.Write(zeros, blockStart);
            }
        }
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

    private void ReadBase(long position, Span<byte> target)
    {
        var got = position < Base.Size ? _content.Read(Base, position, target) : 0;
        target[got..].Clear();
    }
}

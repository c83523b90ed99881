using Indra.Engine.Content;

namespace Indra.FileSystem.Staging;

/// <summary>
/// The writes made to one file since its last commit, spilled to a sparse file in the vault's staging directory so
/// memory stays bounded whatever the file's size. Blocks are tracked individually: a block is copied from the
/// committed version into the staging file the first time a write touches part of it, and only the blocks touched
/// ("dirty") are re-hashed and re-stored at commit. Reads overlay dirty blocks on the committed version.
/// Not thread-safe: the owner serializes access (Inode.ContentGate).
/// </summary>
internal sealed class StagedContent : IDisposable
{
    private readonly ContentStore _content;
    private readonly StagingBuffer _file;
    private readonly HashSet<long> _dirty = new();
    private readonly int _blockSize;

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
    public bool IsDirty => _dirty.Count > 0 || Size != Base.Size;

    /// <summary>Block indexes written since <see cref="Base"/>.</summary>
    public bool IsBlockDirty(long index) => _dirty.Contains(index);

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset >= Size) return 0;
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
            else ReadBase(position, target);
            done += n;
        }
        return done;
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
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
        if (size == Size) return;
        if (size > Size)
        {
            ExtendTo(size);
            return;
        }
        var keepBlocks = (size + _blockSize - 1) / _blockSize;
        _dirty.RemoveWhere(index => index >= keepBlocks);
        if (size % _blockSize != 0) StageBlock(size / _blockSize, copyBase: true);
        _file.SetLength(Math.Min(_file.Length, size));
        Size = size;
    }

    /// <summary>Builds the new version from these writes (only dirty blocks are hashed and stored).</summary>
    public PendingLeaf Build(bool durable) =>
        _content.Build(Base, Size, index => _dirty.Contains(index), (index, buffer) => Read(index * _blockSize, buffer), durable);

    /// <summary>After a commit of <paramref name="committed"/>: it becomes the base and nothing is dirty.</summary>
    public void Rebase(LeafVersion committed)
    {
        Base = committed;
        Size = committed.Size;
        _dirty.Clear();
        _file.SetLength(0);
    }

    public void Dispose() => _file.Dispose();

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
        if (copyBase && index < Base.Blocks.Count)
        {
            var length = Base.Blocks[(int)index].Size;
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var span = buffer.AsSpan(0, length);
                _content.Read(Base, blockStart, span);
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

    private void ReadBase(long position, Span<byte> target)
    {
        var got = position < Base.Size ? _content.Read(Base, position, target) : 0;
        target[got..].Clear();
    }
}

using Microsoft.Win32.SafeHandles;

namespace Indra.FileSystem.Staging;

/// <summary>
/// Where one file's staged bytes live: in memory while the file is small (no file is created for the common small
/// write), spilled to a sparse file in the staging directory once it grows past <see cref="MemoryLimit"/> or when the
/// process-wide memory budget (<see cref="MemoryBudget"/>) is used up. Offsets and lengths are bytes; regions never
/// written read as zeros. In an encrypted vault the spilled file is encrypted (<see cref="SealedSpill"/>). Not thread-safe.
/// </summary>
internal sealed class StagingBuffer : IDisposable
{
    /// <summary>Largest file kept in memory, in bytes.</summary>
    public const int MemoryLimit = 256 * 1024;

    /// <summary>Most bytes all in-memory staging buffers of the process may hold together.</summary>
    public const long MemoryBudget = 64L << 20;

    private static long _memoryInUse;

    /// <summary>Bytes of <see cref="MemoryBudget"/> held now by the buffers kept in memory (<see cref="MemoryLimit"/> each).</summary>
    public static long MemoryInUse => Interlocked.Read(ref _memoryInUse);

    private readonly string _path;
    private byte[]? _memory;
    private long _memoryLength;
    private SafeFileHandle? _file;
    private readonly SealedSpill? _sealed;

    /// <param name="path">The file to spill to.</param>
    /// <param name="sealSpill">Encrypt the spilled file (an encrypted vault's staging, <see cref="SealedSpill"/>).</param>
    public StagingBuffer(string path, bool sealSpill = false)
    {
        _path = path;
        if (sealSpill) _sealed = new SealedSpill();
        if (Interlocked.Add(ref _memoryInUse, MemoryLimit) <= MemoryBudget) _memory = [];
        else Interlocked.Add(ref _memoryInUse, -MemoryLimit);
    }

    public long Length => _file is not null ? _sealed?.Length ?? RandomAccess.GetLength(_file) : _memoryLength;

    public int Read(Span<byte> target, long offset)
    {
        if (_file is not null) return _sealed?.Read(_file, target, offset) ?? RandomAccess.Read(_file, target, offset);
        if (offset >= _memoryLength) return 0;
        var n = (int)Math.Min(target.Length, _memoryLength - offset);
        _memory.AsSpan((int)offset, n).CopyTo(target);
        return n;
    }

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        // No memory (the process-wide budget was used up when this buffer was made) or past the limit: to the file.
        if (_file is null && (_memory is null || offset + data.Length > MemoryLimit)) Spill();
        if (_file is not null)
        {
            if (_sealed is not null) _sealed.Write(_file, data, offset);
            else RandomAccess.Write(_file, data, offset);
            return;
        }
        var end = offset + data.Length;
        if (end > _memory!.Length) Array.Resize(ref _memory, (int)Math.Min(MemoryLimit, Math.Max(end, _memory.Length * 2L)));
        if (offset > _memoryLength) _memory.AsSpan((int)_memoryLength, (int)(offset - _memoryLength)).Clear();
        data.CopyTo(_memory.AsSpan((int)offset));
        _memoryLength = Math.Max(_memoryLength, end);
    }

    public void SetLength(long length)
    {
        if (_file is not null)
        {
            if (_sealed is not null) _sealed.SetLength(_file, length);
            else RandomAccess.SetLength(_file, length);
            return;
        }
        if (length > MemoryLimit || (_memory is null && length > _memoryLength))
        {
            Spill();
            if (_sealed is not null) _sealed.SetLength(_file!, length);
            else RandomAccess.SetLength(_file!, length);
            return;
        }
        if (length > _memoryLength)
        {
            if (length > _memory!.Length) Array.Resize(ref _memory, (int)length);
            _memory.AsSpan((int)_memoryLength, (int)(length - _memoryLength)).Clear();
        }
        _memoryLength = length;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _sealed?.Dispose();
        if (_memory is not null)
        {
            _memory = null;
            Interlocked.Add(ref _memoryInUse, -MemoryLimit);
        }
    }

    private void Spill()
    {
        _file = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        if (_memory is null) return;
        if (_sealed is not null) _sealed.Write(_file, _memory.AsSpan(0, (int)_memoryLength), 0);
        else RandomAccess.Write(_file, _memory.AsSpan(0, (int)_memoryLength), 0);
        _memory = null;
        _memoryLength = 0;
        Interlocked.Add(ref _memoryInUse, -MemoryLimit);
    }
}

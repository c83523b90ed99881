namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>
/// A <see cref="Stream"/> over an <see cref="EmulatedFileHandle"/>: what <see cref="EmulatedLocalFiles.Open"/> hands
/// the host. Reads and writes go through the emulator at the stream's position (a read of a placeholder hydrates it
/// through GetFileData); disposing closes the handle (the FILE_HANDLE_CLOSED_* notification).
/// </summary>
internal sealed class EmulatedFileStream : Stream
{
    private readonly EmulatedFileHandle _handle;
    private long _position;

    /// <summary>Wraps <paramref name="handle"/>; an append handle starts at the end.</summary>
    public EmulatedFileStream(EmulatedFileHandle handle, bool append)
    {
        _handle = handle;
        _position = append ? handle.Length : 0;
    }

    public override bool CanRead => !_handle.IsClosed && (_handle.Access & FileAccess.Read) != 0;

    public override bool CanSeek => !_handle.IsClosed;

    public override bool CanWrite => !_handle.IsClosed && (_handle.Access & FileAccess.Write) != 0;

    public override long Length => _handle.Length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var data = _handle.Read(_position, count);
        data.CopyTo(buffer, offset);
        _position += data.Length;
        return data.Length;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _handle.Write(_position, buffer.AsSpan(offset, count));
        _position += count;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _handle.Length + offset,
    };

    public override void SetLength(long value) => _handle.SetLength(value);

    public override void Flush()
    {
        // Every write reached the emulated file already.
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Close();
        }

        base.Dispose(disposing);
    }
}

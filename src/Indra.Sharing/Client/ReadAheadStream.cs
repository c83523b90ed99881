namespace Indra.Sharing.Client;

/// <summary>
/// A connection's stream with reads gathered into one buffer: a read shorter than the buffer takes what the buffer
/// still holds, or fills the buffer with one read of the inner stream (as much as has arrived, up to its size) and
/// takes from there. Under <see cref="System.Net.Security.SslStream"/>, which reads about one TLS record (16 KiB) at
/// a time, that is one receive system call for many records of a block run instead of about two per record.
/// A read at least as long as the buffer, and every write and flush, go straight to the inner stream; a zero-byte
/// read completes at once while bytes are buffered, else waits on the inner stream for bytes to arrive. Not
/// thread-safe for concurrent reads (no stream is); a read may run beside a write.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _buffer;
    private int _start;
    private int _count;

    /// <param name="inner">The connection (owned: disposed with this stream).</param>
    /// <param name="bufferBytes">Size of the read buffer in bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferBytes"/> is not positive.</exception>
    internal ReadAheadStream(Stream inner, int bufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferBytes);
        _inner = inner;
        _buffer = new byte[bufferBytes];
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => _inner.CanWrite;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (_count > 0 || buffer.IsEmpty) return Take(buffer);
        if (buffer.Length >= _buffer.Length) return _inner.Read(buffer);
        _start = 0;
        _count = _inner.Read(_buffer);
        return Take(buffer);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_count > 0) return ValueTask.FromResult(Take(buffer.Span));
        if (buffer.Length >= _buffer.Length || buffer.IsEmpty) return _inner.ReadAsync(buffer, cancellationToken);
        return FillAndTakeAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> FillAndTakeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var n = await _inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        _start = 0;
        _count = n;
        return Take(buffer.Span);
    }

    /// <summary>Copies up to <paramref name="destination"/>.Length buffered bytes there and drops them from the buffer.</summary>
    private int Take(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _count);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        _count -= n;
        return n;
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override void Flush() => _inner.Flush();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}

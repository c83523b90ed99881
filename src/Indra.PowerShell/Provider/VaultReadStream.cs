using Indra.Control;
using Indra.PowerShell.Connection;

namespace Indra.PowerShell.Provider;

/// <summary>A forward-only stream over a vault file, read through the control API one chunk
/// (<see cref="ControlLimits.MaxChunkBytes"/>) per request.</summary>
internal sealed class VaultReadStream(string vaultDirectory, string vaultPath, CancellationToken cancellation) : Stream
{
    private byte[] _chunk = [];
    private int _used;
    private long _offset;
    private bool _ended;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _offset - _chunk.Length + _used; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_used == _chunk.Length)
        {
            if (_ended) return 0;
            _chunk = ControlConnection.Run(vaultDirectory, (control, token) => control.ReadAsync(vaultPath, _offset, ControlLimits.MaxChunkBytes, token), cancellation);
            _used = 0;
            _offset += _chunk.Length;
            _ended = _chunk.Length < ControlLimits.MaxChunkBytes;
            if (_chunk.Length == 0) return 0;
        }
        var n = Math.Min(count, _chunk.Length - _used);
        Array.Copy(_chunk, _used, buffer, offset, n);
        _used += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

namespace Indra.FileSystem.Tests;

/// <summary>An open file of <see cref="DictionarySharedViews"/>: the content as it was at open, until disposed.</summary>
internal sealed class DictionarySharedFile(SharedEntry entry, byte[] content, Action closed) : ISharedFile
{
    private bool _disposed;

    public SharedEntry Entry => entry;

    public int Read(long offset, Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0) return -1;
        if (offset >= content.Length) return 0;
        var n = (int)Math.Min(buffer.Length, content.Length - offset);
        content.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        closed();
    }
}

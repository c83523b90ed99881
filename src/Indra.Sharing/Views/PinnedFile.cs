using Indra.FileSystem;

namespace Indra.Sharing.Views;

/// <summary>
/// An open view file (<see cref="ISharedFile"/>): one <see cref="ViewNode"/>, the version current at open, read until
/// disposed while a hold on its received blocks keeps the collector off them. Reads stop (-1) once the path is gone
/// from its view or its timed grant expired: an open file keeps the version, not the access.
/// </summary>
internal sealed class PinnedFile : ISharedFile
{
    private readonly ViewNode _node;
    private readonly Func<bool> _present;
    private readonly Func<long> _nowNs;
    private readonly IDisposable? _hold;
    private readonly Action _released;
    private int _disposed;

    /// <param name="node">The version opened.</param>
    /// <param name="present">True while the path is still in its view (any version).</param>
    /// <param name="nowNs">The service's clock, UTC ns since the Unix epoch (timed grants).</param>
    /// <param name="hold">The hold on the node's received blocks, or null for blocks of our own vault.</param>
    /// <param name="released">Called once at dispose (asks for a collection of what the hold kept).</param>
    internal PinnedFile(ViewNode node, Func<bool> present, Func<long> nowNs, IDisposable? hold, Action released)
    {
        _node = node;
        _present = present;
        _nowNs = nowNs;
        _hold = hold;
        _released = released;
    }

    /// <inheritdoc/>
    public SharedEntry Entry => _node.Entry;

    /// <inheritdoc/>
    public int Read(long offset, Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (offset < 0 || (Entry.ExpiresNs != 0 && Entry.ExpiresNs <= _nowNs()) || !_present()) return -1;
        return _node.Read(offset, buffer);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _hold?.Dispose();
        _released();
    }
}

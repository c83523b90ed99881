namespace Indra.Engine.Content;

/// <summary>
/// A leaf version whose blocks are in the block store but which no metadata references yet. While it is not
/// disposed its blocks are pinned: a concurrent release of another leaf that shared them will not delete their files.
/// Commit the metadata that references <see cref="Version"/>, then dispose.
/// </summary>
public sealed class PendingLeaf : IDisposable
{
    private readonly ContentStore _owner;
    private bool _disposed;

    internal PendingLeaf(ContentStore owner, LeafVersion version, bool idPending)
    {
        _owner = owner;
        Version = version;
        IdPending = idPending;
    }

    /// <summary>
    /// True when <see cref="Version"/>'s id is provisional: its holes are too large to hash before the writer is
    /// answered, so <see cref="ContentStore.ResolveId"/> computes the real id in the background.
    /// </summary>
    public bool IdPending { get; }

    /// <summary>The new version.</summary>
    public LeafVersion Version { get; }

    /// <summary>Unpins the blocks.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _owner.Unpin(Version.Blocks);
    }
}

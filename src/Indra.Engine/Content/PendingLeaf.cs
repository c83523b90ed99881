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

    internal PendingLeaf(ContentStore owner, LeafVersion version)
    {
        _owner = owner;
        Version = version;
    }

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

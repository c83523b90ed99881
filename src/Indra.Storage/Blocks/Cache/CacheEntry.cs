namespace Indra.Storage.Blocks.Cache;

/// <summary>One block in a <see cref="CachedBlockStore"/>: its size, where it stands and what waits for it.</summary>
/// <param name="size">The block's size in bytes.</param>
/// <param name="state">Where it stands.</param>
internal sealed class CacheEntry(int size, CacheEntry.States state)
{
    /// <summary>Where a cached block stands.</summary>
    internal enum States
    {
        /// <summary>Its file is being written; not evictable, not yet queued.</summary>
        Writing,

        /// <summary>In the cache and the upload queue; never evicted.</summary>
        Queued,

        /// <summary>Acknowledged by the remote store; evictable.</summary>
        Uploaded,
    }

    /// <summary>Size in bytes.</summary>
    public int Size { get; } = size;

    /// <summary>Where it stands.</summary>
    public States State { get; set; } = state;

    /// <summary>Its place in the LRU list of evictable blocks (uploaded ones), or null.</summary>
    public LinkedListNode<Indra.Hashing.Blake3Hash>? Node { get; set; }

    /// <summary>Completes when the file is written (faults when the write failed).</summary>
    public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the remote store acknowledged the block (or it was deleted).</summary>
    public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

namespace Indra.Storage.Blocks.Cache;

/// <summary>The cache's hit, miss and transfer counters (<see cref="BlockCacheCounters"/>), apart from its bookkeeping.</summary>
internal sealed partial class CachedBlockStore
{
    private long _hits;
    private long _misses;
    private long _fetchedBlocks;
    private long _fetchedBytes;

    /// <summary>The cache's running totals now.</summary>
    public BlockCacheCounters Counters
    {
        get
        {
            long uploadedBlocks, uploadedBytes;
            lock (_gate)
            {
                uploadedBlocks = _uploadedBlocks;
                uploadedBytes = _uploadedBytes;
            }
            return new BlockCacheCounters(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _fetchedBlocks),
                Interlocked.Read(ref _fetchedBytes), uploadedBlocks, uploadedBytes);
        }
    }

    private void CountHit() => Interlocked.Increment(ref _hits);

    private void CountMiss() => Interlocked.Increment(ref _misses);

    private void CountFetched(long bytes)
    {
        Interlocked.Increment(ref _fetchedBlocks);
        Interlocked.Add(ref _fetchedBytes, bytes);
    }
}

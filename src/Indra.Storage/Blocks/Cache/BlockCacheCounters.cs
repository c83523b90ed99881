namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// Running totals of a block cache's reads and transfers since the store opened (<see cref="CachedBlockStore.Counters"/>),
/// for the daemon's metrics (docs/metrics.md). Counts are reads (calls of the store's Read), blocks and bytes.
/// </summary>
/// <param name="Hits">Reads served from a block file in the cache.</param>
/// <param name="Misses">Reads that found no block file in the cache and waited for the block from the remote store
/// (one fetch however many readers miss the same block at once; each of them counts).</param>
/// <param name="FetchedBlocks">Blocks downloaded from the remote store, by reads and by prefetch.</param>
/// <param name="FetchedBytes">Their bytes.</param>
/// <param name="UploadedBlocks">Blocks the remote store acknowledged (uploads of the write-back queue).</param>
/// <param name="UploadedBytes">Their bytes.</param>
public sealed record BlockCacheCounters(long Hits, long Misses, long FetchedBlocks, long FetchedBytes, long UploadedBlocks, long UploadedBytes);

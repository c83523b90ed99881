namespace Indra.Storage.Blocks.Cache;

/// <summary>How a <see cref="CachedBlockStore"/> keeps its blocks and talks to the remote store.</summary>
/// <param name="Directory">The cache directory: block files as a <see cref="FileBlockStore"/> lays them out, plus the
/// upload journal (<see cref="UploadJournal.FileName"/>) and the status file (<see cref="BlockCacheStatus.FileName"/>).</param>
/// <param name="Capacity">Most bytes of block files kept (the LRU bound); at least one block must fit.</param>
/// <param name="Durability">What fsync promises (<see cref="CacheDurability.Local"/> by default).</param>
internal sealed record BlockCacheOptions(string Directory, long Capacity, CacheDurability Durability = CacheDurability.Local)
{
    /// <summary>The capacity when none is set: 10 GiB.</summary>
    public const long DefaultCapacity = 10L << 30;

    /// <summary>Uploads running at once (default 4).</summary>
    public int UploadParallelism { get; init; } = 4;

    /// <summary>Background fetches (prefetch) running at once; further hints are dropped (default 4).</summary>
    public int PrefetchParallelism { get; init; } = 4;

    /// <summary>Wait after the first failed upload before the next attempt; doubled per failure up to <see cref="RetryMax"/> (default 0.25 s).</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between attempts while the remote store stays unreachable (default 30 s).</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a write waits for uploads to make room when the cache is full of un-uploaded blocks while the remote
    /// store answers (default 120 s); while it fails the write is refused at once (<see cref="CacheFullException"/>).
    /// </summary>
    public TimeSpan FullWait { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long fsync waits for the remote store's acknowledgement under <see cref="CacheDurability.Remote"/> (default 60 s).</summary>
    public TimeSpan RemoteSyncTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the status file is rewritten while something changes (default 1 s).</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);
}

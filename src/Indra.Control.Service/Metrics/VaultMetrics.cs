using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Sharing;
using Prometheus;

namespace Indra.Control.Service.Metrics;

/// <summary>
/// The vault's figures as Prometheus collectors in one registry (names in docs/metrics.md): the engine's running
/// totals (<see cref="Indra.Engine.Content.EngineCounters"/>: bytes hashed and stored, blocks stored, leaf versions
/// committed), the vault's blocks and the bytes staged on disk and in memory, the block cache's hits, misses and
/// transfers (when the vault's blocks are cached in front of a remote store), and sharing's peers connected, failed sync
/// rounds and bytes in flight. They are read when a scrape collects, so an idle daemon does no work for them; only the
/// histogram of commit batch sizes is observed as each metadata transaction commits. The FUSE requests' own collectors live in
/// the same registry (Indra.Platform.Fuse.Hosting.FuseRequestMetrics).
/// </summary>
public sealed class VaultMetrics
{
    private readonly Vault _vault;
    private readonly SharingService? _sharing;
    private readonly Counter _hashed;
    private readonly Counter _stored;
    private readonly Counter _blocksStored;
    private readonly Counter _committed;
    private readonly Gauge _blocks;
    private readonly Gauge _blockBytes;
    private readonly Gauge _stagingBytes;
    private readonly Gauge _peersConnected;
    private readonly Counter _syncErrors;
    private readonly Gauge _syncInFlight;

    // Block cache, staging memory and commit batches (issue 18's remaining figures).
    private readonly Counter _cacheHits;
    private readonly Counter _cacheMisses;
    private readonly Counter _cacheFetchedBlocks;
    private readonly Counter _cacheFetchedBytes;
    private readonly Counter _cacheUploadedBlocks;
    private readonly Counter _cacheUploadedBytes;
    private readonly Gauge _stagingMemory;
    private readonly Histogram _commitBatches;

    /// <summary>Upper bounds of the commit batch histogram's buckets (queued writes a transaction landed): 1, 2, 4 … 4096.</summary>
    public static readonly double[] CommitBatchBounds = Histogram.ExponentialBuckets(1, 2, 13);

    /// <summary>Creates the collectors of <paramref name="vault"/> in <paramref name="registry"/>.</summary>
    /// <param name="registry">The daemon's registry.</param>
    /// <param name="vault">The open vault.</param>
    /// <param name="sharing">The running sharing service, or null when sharing is off (its collectors then stay 0).</param>
    public VaultMetrics(CollectorRegistry registry, Vault vault, SharingService? sharing)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _vault = vault;
        _sharing = sharing;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _hashed = factory.CreateCounter("indra_bytes_hashed_total", "Bytes fed to BLAKE3 while committing content since the daemon started");
        _stored = factory.CreateCounter("indra_bytes_stored_total", "Bytes of new blocks written to the block store since the daemon started");
        _blocksStored = factory.CreateCounter("indra_blocks_stored_total", "New blocks written to the block store since the daemon started");
        _committed = factory.CreateCounter("indra_leaves_committed_total", "File versions committed since the daemon started");
        _blocks = factory.CreateGauge("indra_vault_blocks", "Blocks the vault's files refer to");
        _blockBytes = factory.CreateGauge("indra_vault_block_bytes", "Bytes of the blocks the vault's files refer to");
        _stagingBytes = factory.CreateGauge("indra_staging_disk_bytes", "Bytes of written content staged on disk (VAULT/staging) and not yet committed");
        _peersConnected = factory.CreateGauge("indra_peers_connected", "Paired peers that answered within the last minute");
        _syncErrors = factory.CreateCounter("indra_sync_errors_total", "Sync rounds with a peer that failed since the daemon started");
        _syncInFlight = factory.CreateGauge("indra_sync_bytes_in_flight", "Block bytes being fetched from peers now");
        _cacheHits = factory.CreateCounter("indra_block_cache_hits_total", "Block reads served from the local block cache since the daemon started");
        _cacheMisses = factory.CreateCounter("indra_block_cache_misses_total", "Block reads that waited for the block from the remote store since the daemon started");
        _cacheFetchedBlocks = factory.CreateCounter("indra_block_cache_fetched_blocks_total", "Blocks downloaded from the remote store (reads and prefetch) since the daemon started");
        _cacheFetchedBytes = factory.CreateCounter("indra_block_cache_fetched_bytes_total", "Bytes of the blocks downloaded from the remote store since the daemon started");
        _cacheUploadedBlocks = factory.CreateCounter("indra_block_cache_uploaded_blocks_total", "Blocks the remote store acknowledged (write-back uploads) since the daemon started");
        _cacheUploadedBytes = factory.CreateCounter("indra_block_cache_uploaded_bytes_total", "Bytes of the blocks uploaded to the remote store since the daemon started");
        _stagingMemory = factory.CreateGauge("indra_staging_memory_bytes", "Bytes of the in-memory staging budget held by files being written (256 KiB per file kept in memory)");
        _commitBatches = factory.CreateHistogram("indra_commit_batch_writes", "Queued metadata writes landed by each committed transaction",
            new HistogramConfiguration { Buckets = CommitBatchBounds });
        VaultInstruments.ObserveCommitBatches(vault, writes => _commitBatches.Observe(writes));
        registry.AddBeforeCollectCallback(Refresh);
    }

    private void Refresh()
    {
        var counters = _vault.Counters;
        _hashed.IncTo(counters.BytesHashed);
        _stored.IncTo(counters.BytesStored);
        _blocksStored.IncTo(counters.BlocksStored);
        _committed.IncTo(counters.LeavesCommitted);
        var (blocks, bytes) = _vault.Tree.BlockTotals();
        _blocks.Set(blocks);
        _blockBytes.Set(bytes);
        _stagingBytes.Set(StagedBytes());
        _stagingMemory.Set(StagingFigures.MemoryBytes);
        if (VaultInstruments.CacheCounters(_vault) is { } cache)
        {
            _cacheHits.IncTo(cache.Hits);
            _cacheMisses.IncTo(cache.Misses);
            _cacheFetchedBlocks.IncTo(cache.FetchedBlocks);
            _cacheFetchedBytes.IncTo(cache.FetchedBytes);
            _cacheUploadedBlocks.IncTo(cache.UploadedBlocks);
            _cacheUploadedBytes.IncTo(cache.UploadedBytes);
        }
        if (_sharing is null) return;
        _peersConnected.Set(_sharing.ConnectedPeers);
        _syncErrors.IncTo(_sharing.SyncErrors);
        _syncInFlight.Set(_sharing.SyncBytesInFlight);
    }

    /// <summary>The bytes of the files in the vault's staging folder now (one per file being written past the
    /// in-memory limit); a file removed while they are summed counts 0.</summary>
    private long StagedBytes()
    {
        var folder = new DirectoryInfo(_vault.StagingDirectory);
        if (!folder.Exists) return 0;
        long total = 0;
        foreach (var file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Committed (and removed) meanwhile.
            }
        }
        return total;
    }
}

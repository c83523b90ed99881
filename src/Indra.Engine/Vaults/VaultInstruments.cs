using Indra.Storage.Blocks.Cache;

namespace Indra.Engine.Vaults;

/// <summary>
/// What the daemon's metrics read from an open vault beyond <see cref="Vault.Counters"/>: its block cache's hit, miss
/// and transfer totals and the sizes of the metadata batches its transactions land (docs/metrics.md).
/// </summary>
public static class VaultInstruments
{
    /// <summary>The running totals of <paramref name="vault"/>'s block cache, or null when its blocks are not cached in front of a remote store.</summary>
    public static BlockCacheCounters? CacheCounters(Vault vault) => BlockTier.Cache(vault)?.Counters;

    /// <summary>
    /// Calls <paramref name="observer"/> with the number of queued metadata writes each committed transaction of
    /// <paramref name="vault"/> lands (transactions that land none are not observed). It runs on the committing thread
    /// under the write queue's lock: it must be quick and must not use the vault.
    /// </summary>
    public static void ObserveCommitBatches(Vault vault, Action<int> observer)
    {
        ArgumentNullException.ThrowIfNull(vault);
        vault.Metadata.ObserveBatches(observer);
    }
}

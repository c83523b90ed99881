namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// What fsync(2) (a durable <c>Put</c>, <c>Sync</c>, <c>SyncMany</c>) promises for blocks whose place of record is a
/// remote store behind a <see cref="CachedBlockStore"/>.
/// </summary>
public enum CacheDurability
{
    /// <summary>
    /// On local disk: the block file in the cache is fsynced; it is in the durable upload queue and reaches the remote
    /// store in the background. Survives a crash or power loss of this machine (the queue resumes at the next start),
    /// not the loss of its disk before the queue drains. The default: fsync costs what it costs on a local file
    /// system, and keeps working while the remote store is unreachable.
    /// </summary>
    Local,

    /// <summary>
    /// Acknowledged by the remote store: fsync returns once every block concerned is uploaded, or fails (EIO) when
    /// the store has not acknowledged them within <see cref="BlockCacheOptions.RemoteSyncTimeout"/>. Survives the loss
    /// of this machine's disk; every fsync pays a round trip to the store.
    /// </summary>
    Remote,
}

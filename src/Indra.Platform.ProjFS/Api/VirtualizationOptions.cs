namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_STARTVIRTUALIZING_OPTIONS in managed form (projfs.md §2.4). Thread counts of 0 let ProjFS choose
/// (ConcurrentThreadCount = logical CPUs, PoolThreadCount = twice that).
/// </summary>
/// <param name="Flags">Start flags (the negative path cache).</param>
/// <param name="PoolThreadCount">Threads in ProjFS's callback pool (0 = default).</param>
/// <param name="ConcurrentThreadCount">Callbacks that may run at once (0 = default).</param>
/// <param name="NotificationMappings">Mappings in descending depth; empty = the ProjFS default set.</param>
public sealed record VirtualizationOptions(
    PrjStartVirtualizingFlags Flags,
    uint PoolThreadCount,
    uint ConcurrentThreadCount,
    IReadOnlyList<NotificationMapping> NotificationMappings);

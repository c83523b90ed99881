using Indra.FileSystem.Staging;

namespace Indra.FileSystem;

/// <summary>The process-wide figures of staged writes that are not files on disk, for the daemon's metrics (docs/metrics.md).</summary>
public static class StagingFigures
{
    /// <summary>
    /// Bytes of the in-memory staging budget (64 MiB a process) held now by files being written that are kept in memory:
    /// 256 KiB for each such file however much of it is written; a file that outgrows it, or a write that finds the
    /// budget used up, is staged on disk instead (VAULT/staging).
    /// </summary>
    public static long MemoryBytes => StagingBuffer.MemoryInUse;
}

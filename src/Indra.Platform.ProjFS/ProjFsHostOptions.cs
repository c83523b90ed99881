using Microsoft.Extensions.Logging;

namespace Indra.Platform.ProjFS;

/// <summary>Settings of a <see cref="ProjFsHost"/> beyond <see cref="FileSystem.MountOptions"/>.</summary>
public sealed record ProjFsHostOptions
{
    /// <summary>
    /// Where the mount keeps its state: the dirty queue journal (<c>dirty-queue.jsonl</c>), the conflict log
    /// (<c>conflicts.jsonl</c>), the placeholder index and the virtualization instance id. Null means
    /// <c>%LOCALAPPDATA%\Indra\projfs\&lt;hash of the mount point&gt;</c>. Never inside the virtualization root.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>Where the host logs (category <c>Indra.Platform.ProjFS</c>; one Debug line per callback when
    /// <see cref="FileSystem.MountOptions.Debug"/> is set). Null logs nothing.</summary>
    public ILoggerFactory? Loggers { get; init; }

    /// <summary>Where the host reads the time it records (conflicts, queued changes); the system clock by default.
    /// Timeouts are measured on the system's monotonic clock whatever this is.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Whether the background worker writes recorded changes back into the vault. False keeps them in the durable
    /// queue until a mount with write-back enabled (diagnostics and crash tests).
    /// </summary>
    public bool WriteBackEnabled { get; init; } = true;

    /// <summary>Bytes per PrjWriteFileData call and per vault write (default 64 KiB; a multiple of 4096).</summary>
    public int ChunkSize { get; init; } = 64 * 1024;

    /// <summary>Longest wait between retries of a write-back that failed transiently (default 5 s).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether ProjFS caches "not found" answers (PRJ_FLAG_USE_NEGATIVE_PATH_CACHE, as VFSForGit does); the host
    /// clears the cache whenever the vault reports a changed directory entry. Default true.
    /// </summary>
    public bool UseNegativePathCache { get; init; } = true;

    /// <summary>
    /// Where the host's own local file access goes (reading full files for write-back, re-hydrating them, the
    /// mount-time sweep, the state directory's files). Null means <see cref="Hosting.LocalFiles.Instance"/> (System.IO);
    /// tests pass a wrapper that injects faults.
    /// </summary>
    public Api.ILocalFiles? LocalFiles { get; init; }

    /// <summary>Completions after which the dirty journal is compacted (default 512; tests lower it).</summary>
    internal int JournalCompactionThreshold { get; init; } = 512;

    /// <summary>Attempts of a vault change whose PrjUpdateFileIfNeeded/PrjDeleteFile failed (default 12, with the
    /// delay doubling from 50 ms up to <see cref="MaxRetryDelay"/>).</summary>
    internal int RefreshAttempts { get; init; } = 12;
}

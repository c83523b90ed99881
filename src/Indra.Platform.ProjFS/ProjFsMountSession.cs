using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Changes;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.WriteBack;

namespace Indra.Platform.ProjFS;

/// <summary>
/// A live ProjFS virtualization root serving a vault: the provider, the durable dirty queue and its write-back
/// worker, and the monitor of vault-side changes. Created by <see cref="ProjFsHost.Mount"/>.
/// </summary>
public sealed class ProjFsMountSession : IMountSession
{
    private readonly IVaultFileSystem _fileSystem;
    private readonly IProjFsApi _api;
    private readonly MountState _state;
    private readonly DirtyQueue _queue;
    private readonly PlaceholderIndex _index;
    private readonly ConflictLog _conflicts;
    private readonly VaultHandleTracker _tracker;
    private readonly EnumerationRegistry _enumerations;
    private readonly WriteBackWorker _worker;
    private readonly VaultChangeMonitor _monitor;
    private readonly ProjFsLog _log;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private bool _ended;

    private ProjFsMountSession(string mountPoint, IVaultFileSystem fileSystem, IProjFsApi api, MountState state,
        DirtyQueue queue, PlaceholderIndex index, ConflictLog conflicts, VaultHandleTracker tracker,
        EnumerationRegistry enumerations, WriteBackWorker worker, VaultChangeMonitor monitor, ProjFsLog log)
    {
        MountPoint = mountPoint;
        _fileSystem = fileSystem;
        _api = api;
        _state = state;
        _queue = queue;
        _index = index;
        _conflicts = conflicts;
        _tracker = tracker;
        _enumerations = enumerations;
        _worker = worker;
        _monitor = monitor;
        _log = log;
    }

    /// <inheritdoc />
    public string MountPoint { get; }

    /// <inheritdoc />
    public Task Completion => _completion.Task;

    /// <summary>The mount's state directory (dirty queue journal, conflict log, placeholder index).</summary>
    public string StateDirectory => _state.Directory;

    /// <summary>The conflict log: one JSON object per line (<c>utc</c>, <c>kind</c>, <c>path</c>, <c>detail</c>, <c>vault_id</c>).</summary>
    public string ConflictLogPath => _conflicts.Path;

    /// <summary>Conflicts recorded since the mount started.</summary>
    public int ConflictCount => _conflicts.Count;

    /// <summary>Local changes not yet written back into the vault.</summary>
    public int PendingWriteBacks => _queue.Count;

    /// <summary>The vault-change sink registered with the vault filesystem (exposed for tests).</summary>
    internal IInvalidationSink InvalidationSink => _monitor;

    /// <summary>
    /// Waits until every recorded local change was written back and every vault-side change applied, at most
    /// <paramref name="timeout"/>.
    /// </summary>
    /// <returns>False on timeout, or when write-back is disabled and changes are pending.</returns>
    public bool WaitForIdle(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var monitorIdle = _monitor.WaitForIdle(Remaining(deadline));
            var writtenBack = _worker.WaitForIdle(Remaining(deadline));
            if (monitorIdle && writtenBack && _monitor.WaitForIdle(TimeSpan.Zero))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Writes back what is queued (waiting at most half of <paramref name="timeout"/>), then shuts down in the order
    /// ProjFS needs: the write-back worker and the vault-change monitor stop first (so nothing of the host calls
    /// ProjFS any more), then virtualization stops (PrjStopVirtualizing returns once no callback runs), and only then
    /// are the vault handles released, the vault flushed (<see cref="IVaultFileSystem.FlushAll"/>) and the state
    /// closed. Changes not written back in time stay in the durable queue for the next mount. Idempotent.
    /// </summary>
    /// <returns>True when every queued change was written back within the timeout.</returns>
    public bool Unmount(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return true;
            }

            _ended = true;
        }

        var drained = _worker.WaitForIdle(timeout / 2) && _queue.Count == 0;
        StopWorkers();
        _api.StopVirtualizing();
        Shutdown(flush: true);
        if (!drained)
        {
            _log.Warn($"{_queue.Count} change(s) were not written back before unmounting; they will be at the next mount");
        }

        return drained;
    }

    /// <summary>Waits until every vault-side change was applied, at most <paramref name="timeout"/> (tests).</summary>
    internal bool WaitForVaultChanges(TimeSpan timeout) => _monitor.WaitForIdle(timeout);

    /// <summary>Unmounts with a 30-second timeout.</summary>
    public void Dispose() => Unmount(TimeSpan.FromSeconds(30));

    /// <summary>True once the host's own workers were told to stop (tests of the shutdown order).</summary>
    internal bool WorkersStopping { get; private set; }

    /// <summary>
    /// Ends the session the way a crash would, as far as the vault can tell: virtualization stops and nothing queued is
    /// written back or flushed (tests of the durable queue).
    /// </summary>
    internal void Abandon()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
        }

        StopWorkers();
        _api.StopVirtualizing();
        Shutdown(flush: false);
    }

    internal static ProjFsMountSession Start(string root, IVaultFileSystem fileSystem, IProjFsApi api, MountOptions mountOptions,
        ProjFsHostOptions options, ProjFsLog log)
    {
        var files = options.LocalFiles ?? LocalFiles.Instance;
        var state = MountState.Open(options.StateDirectory ?? MountState.DefaultDirectory(root), root, files);
        DirtyQueue? queue = null;
        PlaceholderIndex? index = null;
        try
        {
            PrepareRoot(root, api, state, files);
            state.ClearStaging();
            queue = DirtyQueue.Open(state.JournalPath, log, options.Clock, files, options.JournalCompactionThreshold);
            index = PlaceholderIndex.Open(state.PlaceholderIndexPath, log, files);
            var conflicts = new ConflictLog(state.ConflictLogPath, log, options.Clock, files);
            var resolver = new VaultNodeResolver(fileSystem);
            var placeholders = new PlaceholderFactory(fileSystem);
            var tracker = new VaultHandleTracker(fileSystem, log);
            var enumerations = new EnumerationRegistry();
            var ledger = new WriteBackLedger();
            var provider = new VaultProvider(api, resolver, placeholders, new DirectoryProjection(fileSystem, log), enumerations,
                new FileDataServer(fileSystem, api, resolver, placeholders, tracker, options.ChunkSize, log),
                new NotificationHandler(resolver, tracker, queue, index, log, (uint)Environment.ProcessId), index, log);
            var local = new LocalTree(api, root, files, index);
            var content = new LocalContent(files, state.StagingDirectory);
            var writer = new VaultWriter(fileSystem, resolver, placeholders, options.ChunkSize);
            var processor = new WriteBackProcessor(local, content, writer, index, conflicts, ledger, log);
            var sweep = new NewLocalFileSweep(local, writer, index, queue, log);
            var worker = new WriteBackWorker(queue, processor, log, options.MaxRetryDelay, sweep.Run);
            var monitor = new VaultChangeMonitor(
                new PlaceholderRefresher(fileSystem, api, local, content, writer, resolver, placeholders, queue, ledger, conflicts, index, state.InstanceId, log),
                log, options.MaxRetryDelay, options.RefreshAttempts);

            fileSystem.SetInvalidationSink(monitor);
            var hr = api.StartVirtualizing(root, provider, NotificationPolicy.Options(mountOptions.MaxThreads, options.UseNegativePathCache));
            if (!HResult.Succeeded(hr))
            {
                fileSystem.SetInvalidationSink(null);
                monitor.Dispose();
                throw new MountException(StartFailure(root, hr));
            }

            var session = new ProjFsMountSession(root, fileSystem, api, state, queue, index, conflicts, tracker, enumerations, worker, monitor, log);
            monitor.Start();

            // Vault changes made while unmounted, and local edits made then (ProjFS notifies nothing without a
            // provider): every known file is compared with its base version; new local files are found by the
            // write-back thread's sweep.
            foreach (var path in index.Paths)
            {
                monitor.Recheck(path);
            }

            if (options.WriteBackEnabled)
            {
                worker.Start();
            }

            log.Info($"virtualizing {root} (state {state.Directory}; {queue.Count} change(s) queued)");
            return session;
        }
        catch
        {
            index?.Dispose();
            queue?.Dispose();
            state.Dispose();
            throw;
        }
    }

    private static void PrepareRoot(string root, IProjFsApi api, MountState state, ILocalFiles files)
    {
        try
        {
            if (files.DirectoryExists(root))
            {
                if (!state.RootMarked && files.List(root).Count > 0)
                {
                    throw new MountException($"{root} is not empty; ProjFS needs an empty directory the first time it is mounted");
                }
            }
            else
            {
                files.CreateDirectory(root);
            }
        }
        catch (IOException exception)
        {
            throw new MountException($"cannot create the virtualization root {root}: {exception.Message}", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new MountException($"cannot create the virtualization root {root}: {exception.Message}", exception);
        }

        var hr = api.MarkDirectoryAsPlaceholder(root, null, null, state.InstanceId);
        if (!HResult.Succeeded(hr) && hr != HResult.ReparsePointEncountered)
        {
            throw new MountException($"cannot make {root} a ProjFS virtualization root (PrjMarkDirectoryAsPlaceholder {HResult.Format(hr)})");
        }

        state.MarkRoot();
    }

    private static string StartFailure(string root, int hr) => hr switch
    {
        HResult.ReparseTagMismatch => $"{root} is not a ProjFS virtualization root ({HResult.Format(hr)})",
        HResult.VirtualizationInvalidOperation => $"{root} is inside (or contains) another ProjFS virtualization root; roots cannot be nested ({HResult.Format(hr)})",
        HResult.VirtualizationProviderUnknown or HResult.VirtualizationUnavailable or HResult.InvalidParameter =>
            $"the ProjFS driver (prjflt) is not running for {root} ({HResult.Format(hr)}); check 'Get-WindowsOptionalFeature -Online -FeatureName Client-ProjFS' and reboot if it was just enabled",
        _ => $"PrjStartVirtualizing failed for {root} ({HResult.Format(hr)})",
    };

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Stops everything of the host that calls ProjFS on its own: the write-back worker (after the entry in
    /// progress) and the vault-change monitor (after the change in progress).</summary>
    private void StopWorkers()
    {
        WorkersStopping = true;
        _fileSystem.SetInvalidationSink(null);
        _worker.Dispose();
        _monitor.Dispose();
    }

    /// <summary>After PrjStopVirtualizing returned: frees what callbacks used and closes the state.</summary>
    private void Shutdown(bool flush)
    {
        _tracker.ReleaseAll();
        _enumerations.Clear();
        if (flush)
        {
            _fileSystem.FlushAll();
        }

        _index.Dispose();
        _queue.Dispose();
        _state.Dispose();
        _completion.TrySetResult();
        _log.Info($"stopped virtualizing {MountPoint}");
    }
}

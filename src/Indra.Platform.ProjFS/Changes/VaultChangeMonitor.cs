using System.Threading.Channels;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Changes;

/// <summary>
/// The ProjFS host's <see cref="IInvalidationSink"/>: queues vault-side changes without blocking and applies them on a
/// background task through a <see cref="PlaceholderRefresher"/> (never synchronously inside the vault filesystem's
/// call, never inside a ProjFS callback). A change the refresher could not apply (<see cref="RefreshOutcome.Retry"/>)
/// is tried again after a delay doubling from 50 ms up to the configured maximum, a bounded number of times; the
/// queue keeps flowing meanwhile.
/// </summary>
internal sealed class VaultChangeMonitor : IInvalidationSink, IDisposable
{
    private static readonly TimeSpan DeferDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly PlaceholderRefresher _refresher;
    private readonly ProjFsLog _log;
    private readonly TimeSpan _maxRetryDelay;
    private readonly int _attempts;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<VaultChange> _changes = Channel.CreateUnbounded<VaultChange>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _loop;
    private int _outstanding;

    /// <summary>Creates the monitor (not started).</summary>
    /// <param name="refresher">Applies the changes.</param>
    /// <param name="log">Where failures go.</param>
    /// <param name="maxRetryDelay">The longest wait between attempts of a change that failed.</param>
    /// <param name="attempts">Attempts of a failing change before it is given up (logged).</param>
    public VaultChangeMonitor(PlaceholderRefresher refresher, ProjFsLog log, TimeSpan maxRetryDelay, int attempts)
    {
        _refresher = refresher;
        _log = log;
        _maxRetryDelay = maxRetryDelay;
        _attempts = Math.Max(1, attempts);
    }

    /// <inheritdoc />
    public void InvalidateInode(ulong inode) => Post(new VaultChange(inode, null));

    /// <inheritdoc />
    public void InvalidateEntry(ulong parent, string name) => Post(new VaultChange(parent, name));

    /// <summary>Queues a re-check of a ProjFS path (the mount-time sweep of known placeholders).</summary>
    public void Recheck(string path) => Post(new VaultChange(0, null, path));

    /// <summary>Starts applying changes.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Waits until every queued change was applied, at most <paramref name="timeout"/>.</summary>
    public bool WaitForIdle(TimeSpan timeout) => SpinWait.SpinUntil(() => Volatile.Read(ref _outstanding) == 0, timeout);

    /// <summary>Stops accepting changes and ends the background task (changes still queued are dropped; the one being
    /// applied finishes first).</summary>
    public void Dispose()
    {
        _changes.Writer.TryComplete();
        _stopping.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException exception)
        {
            _log.Error("the vault change monitor ended with an error", exception);
        }

        _stopping.Dispose();
    }

    private void Post(VaultChange change)
    {
        Interlocked.Increment(ref _outstanding);
        if (!_changes.Writer.TryWrite(change))
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private async Task RunAsync()
    {
        await foreach (var change in _changes.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var outcome = RefreshOutcome.Done;
            try
            {
                outcome = _refresher.Apply(change);
            }
            catch (Exception exception)
            {
                _log.Error($"applying a vault change (inode {change.Inode}, name '{change.Name ?? change.Path}') failed", exception);
            }

            if (outcome == RefreshOutcome.Defer)
            {
                await Task.Delay(DeferDelay).ConfigureAwait(false);
                if (_changes.Writer.TryWrite(change))
                {
                    continue;
                }
            }
            else if (outcome == RefreshOutcome.Retry)
            {
                if (change.Attempt + 1 < _attempts)
                {
                    ScheduleRetry(change with { Attempt = change.Attempt + 1 });
                    continue;
                }

                _log.Warn($"gave up applying a vault change (inode {change.Inode}, name '{change.Name ?? change.Path}') after {_attempts} attempts; the next change or mount tries again");
            }

            Interlocked.Decrement(ref _outstanding);
        }
    }

    /// <summary>Posts <paramref name="change"/> again after its backoff delay, without holding up other changes.</summary>
    private void ScheduleRetry(VaultChange change)
    {
        var delay = TimeSpan.FromTicks(Math.Min(_maxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(change.Attempt - 1, 16)));
        _ = Task.Delay(delay, _stopping.Token).ContinueWith(_ =>
        {
            if (_stopping.IsCancellationRequested || !_changes.Writer.TryWrite(change))
            {
                Interlocked.Decrement(ref _outstanding);
            }
        }, TaskScheduler.Default);
    }
}

using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// The background thread that drains the <see cref="DirtyQueue"/> in order through a <see cref="WriteBackProcessor"/>.
/// An entry is completed (removed durably) only after it succeeded; a transient failure keeps it at the head and
/// retries with a doubling delay (50 ms up to the configured maximum). No failure ends the thread: a completion that
/// cannot be journaled (IOException, UnauthorizedAccessException) leaves the entry pending, and it is written back
/// again (write-back is idempotent). Before the first entry it runs the mount's sweep for files created while
/// unmounted. Stopping finishes the current entry and leaves the rest in the journal for the next mount.
/// </summary>
internal sealed class WriteBackWorker : IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly DirtyQueue _queue;
    private readonly WriteBackProcessor _processor;
    private readonly ProjFsLog _log;
    private readonly TimeSpan _maxRetryDelay;
    private readonly Func<int>? _sweep;
    private readonly ManualResetEvent _stop = new(false);
    private Thread? _thread;
    private readonly object _idle = new();
    private volatile bool _busy;
    private int _failures;

    /// <summary>Creates the worker (not started).</summary>
    /// <param name="queue">The queue to drain.</param>
    /// <param name="processor">Applies each entry.</param>
    /// <param name="log">Where failures go.</param>
    /// <param name="maxRetryDelay">The longest wait between retries.</param>
    /// <param name="sweep">Run once on the thread before the first entry (queues what it finds); null for none.</param>
    public WriteBackWorker(DirtyQueue queue, WriteBackProcessor processor, ProjFsLog log, TimeSpan maxRetryDelay, Func<int>? sweep = null)
    {
        _sweep = sweep;
        _queue = queue;
        _processor = processor;
        _log = log;
        _maxRetryDelay = maxRetryDelay;
    }

    /// <summary>True once <see cref="Start"/> ran and until <see cref="Stop"/>.</summary>
    public bool IsRunning => _thread is not null;

    /// <summary>Starts the thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            return;
        }

        _busy = _sweep is not null; // WaitForIdle waits for the sweep too
        _thread = new Thread(Run) { IsBackground = true, Name = "indra-projfs-writeback" };
        _thread.Start();
    }

    /// <summary>Waits until the queue is empty and nothing is being written, at most <paramref name="timeout"/>.</summary>
    /// <returns>True when idle; false on timeout (or when the worker is not running and entries remain).</returns>
    public bool WaitForIdle(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_idle)
        {
            while (_busy || _queue.Count > 0)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (_thread is null || remaining <= TimeSpan.Zero)
                {
                    return false;
                }

                // Woken by the worker each time it finishes an entry (and by Stop).
                Monitor.Wait(_idle, remaining);
            }

            return true;
        }
    }

    /// <summary>Wakes <see cref="WaitForIdle"/> callers to look again (after the state they test changed).</summary>
    private void SignalProgress()
    {
        lock (_idle)
        {
            Monitor.PulseAll(_idle);
        }
    }

    /// <summary>Stops after the entry in progress; pending entries stay in the journal.</summary>
    public void Stop()
    {
        _stop.Set();
        _thread?.Join();
        _thread = null;
        SignalProgress();
    }

    /// <summary>Stops the thread.</summary>
    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Run()
    {
        if (_sweep is not null)
        {
            try
            {
                _sweep();
            }
            catch (Exception exception)
            {
                _log.Error("the mount's sweep for files created while unmounted failed", exception);
            }

            _busy = false;
            SignalProgress();
        }

        var waits = new WaitHandle[] { _stop, _queue.Changed };
        while (!_stop.WaitOne(0))
        {
            if (!_queue.TryBegin(out var entry))
            {
                WaitHandle.WaitAny(waits, TimeSpan.FromSeconds(1));
                continue;
            }

            _busy = true;
            WriteBackOutcome outcome;
            try
            {
                outcome = _processor.Process(entry);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _log.Warn($"write-back #{entry.Sequence} ('{entry.Change.Path}') could not read the local item: {exception.Message}; will retry");
                outcome = WriteBackOutcome.Retry;
            }
            catch (Exception exception)
            {
                _log.Error($"write-back #{entry.Sequence} ('{entry.Change.Path}') failed unexpectedly; will retry", exception);
                outcome = WriteBackOutcome.Retry;
            }

            if (outcome == WriteBackOutcome.Done && TryComplete(entry))
            {
                _failures = 0;
                _busy = false;
                SignalProgress();
                continue;
            }

            _queue.Abandon(entry.Sequence);
            _busy = false;
            SignalProgress();
            var delay = TimeSpan.FromTicks(Math.Min(_maxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(_failures, 16)));
            _failures++;
            _stop.WaitOne(delay);
        }
    }

    private bool TryComplete(DirtyEntry entry)
    {
        try
        {
            _queue.Complete(entry.Sequence);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Error($"could not journal the completion of write-back #{entry.Sequence}", exception);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false; // the session is closing; the entry is written back again next time (idempotent)
        }
    }
}

using Indra.Hashing;

namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// The work a block cache owes its remote store (uploads of cached blocks, deletions that failed), done in order by a
/// few background threads. A failed item goes back to the head of the queue and every worker pauses: the pause starts
/// at <see cref="BlockCacheOptions.RetryInitial"/>, doubles per consecutive failure up to
/// <see cref="BlockCacheOptions.RetryMax"/>, with jitter (a random 50–100 % of it), and while the store fails only one
/// worker at a time tries again (a probe), so an outage costs one request per pause, not one per queued block. The
/// queue lives in memory; what makes it durable is the cache (<see cref="UploadJournal"/>), which refills it at start.
/// </summary>
internal sealed class UploadQueue : IDisposable
{
    /// <summary>What an item asks of the remote store.</summary>
    internal enum Work
    {
        /// <summary>Upload a cached block.</summary>
        Upload,

        /// <summary>Delete a block.</summary>
        Remove,
    }

    private readonly object _gate = new();
    private readonly LinkedList<(Work Kind, Blake3Hash Hash)> _items = new();
    private readonly Action<Work, Blake3Hash> _perform;
    private readonly BlockCacheOptions _options;
    private readonly Thread[] _workers;
    private TimeSpan _delay;
    private long _retryAt;
    private bool _probing;
    private bool _stopping;

    /// <summary>Starts <see cref="BlockCacheOptions.UploadParallelism"/> workers that call <paramref name="perform"/> for each item; it throws when the remote store failed.</summary>
    public UploadQueue(Action<Work, Blake3Hash> perform, BlockCacheOptions options)
    {
        _perform = perform;
        _options = options;
        _delay = options.RetryInitial;
        _workers = new Thread[Math.Max(1, options.UploadParallelism)];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Run) { IsBackground = true, Name = "indra-upload-" + i };
            _workers[i].Start();
        }
    }

    /// <summary>Called after every attempt, successful or not (the cache refreshes its status).</summary>
    public Action? Attempted { get; set; }

    /// <summary>True while the last attempt failed (the remote store is taken to be unreachable).</summary>
    public bool Failing { get; private set; }

    /// <summary>Failed attempts since start.</summary>
    public long Failures { get; private set; }

    /// <summary>The last failure's message, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>When the last failure happened (UTC), or null.</summary>
    public DateTimeOffset? LastErrorUtc { get; private set; }

    /// <summary>Attempts finished since start, successful or not (a waiter compares it to see one finish).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    private long _attempts;

    /// <summary>Ends the pause after a failure now, so that a worker tries again at once (a writer that needs room asks whether the store is back).</summary>
    public void RetryNow()
    {
        lock (_gate)
        {
            _retryAt = 0;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Takes the remote store to be unreachable from the start (it did not answer when the cache was opened): workers
    /// wait a first pause and then probe as after a failed attempt.
    /// </summary>
    /// <param name="reason">Why, for <see cref="LastError"/>.</param>
    public void MarkFailing(string reason)
    {
        lock (_gate)
        {
            Failing = true;
            LastError = reason;
            LastErrorUtc = DateTimeOffset.UtcNow;
            _retryAt = Environment.TickCount64 + (long)_delay.TotalMilliseconds;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Queues <paramref name="kind"/> of <paramref name="hash"/> at the tail.</summary>
    public void Enqueue(Work kind, Blake3Hash hash)
    {
        lock (_gate)
        {
            _items.AddLast((kind, hash));
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Stops the workers after the items they are doing (waits at most <paramref name="timeout"/>); what is still queued stays for the next start.</summary>
    public void Stop(TimeSpan timeout)
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        foreach (var worker in _workers) worker.Join(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
    }

    /// <summary>Stops the workers (<see cref="Stop"/> with 30 s).</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(30));

    private void Run()
    {
        while (Next() is { } item)
        {
            Exception? failure = null;
            try
            {
                _perform(item.Kind, item.Hash);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e;
            }
            Finish(item, failure);
            Attempted?.Invoke();
        }
    }

    /// <summary>The next item to do, or null when stopping; waits while there is none or a pause after a failure runs.</summary>
    private (Work Kind, Blake3Hash Hash)? Next()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_stopping) return null;
                var wait = _retryAt - Environment.TickCount64;
                if (_items.Count > 0 && wait <= 0 && !(Failing && _probing))
                {
                    var item = _items.First!.Value;
                    _items.RemoveFirst();
                    if (Failing) _probing = true;
                    return item;
                }
                Monitor.Wait(_gate, _items.Count > 0 && wait > 0 ? (int)Math.Min(wait, int.MaxValue) : Timeout.Infinite);
            }
        }
    }

    private void Finish((Work Kind, Blake3Hash Hash) item, Exception? failure)
    {
        lock (_gate)
        {
            _probing = false;
            Interlocked.Increment(ref _attempts);
            if (failure is null)
            {
                Failing = false;
                _delay = _options.RetryInitial;
                _retryAt = 0;
            }
            else
            {
                Failing = true;
                Failures++;
                LastError = $"{item.Kind.ToString().ToLowerInvariant()} of block {item.Hash}: {failure.GetBaseException().Message}";
                LastErrorUtc = DateTimeOffset.UtcNow;
                _items.AddFirst(item);
                var pause = _delay * (0.5 + (Random.Shared.NextDouble() / 2));
                _retryAt = Environment.TickCount64 + (long)pause.TotalMilliseconds;
                _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, _options.RetryMax.Ticks));
            }
            Monitor.PulseAll(_gate);
        }
    }
}

using Indra.Storage.Metadata;

namespace Indra.Engine.Attention;

/// <summary>
/// Records attention events in memory and persists them to the metadata store in batches (at most every
/// <see cref="FlushInterval"/>, or when <see cref="BatchSize"/> events are waiting), so an open costs no SQLite
/// transaction. Readers see persisted and pending events alike. <see cref="Flush"/> persists everything now
/// (unmount, tests).
/// </summary>
public sealed class AttentionRecorder : IDisposable
{
    /// <summary>Longest time an event waits in memory.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Pending events that trigger an immediate flush.</summary>
    public const int BatchSize = 1024;

    private readonly MetadataStore _metadata;
    private readonly object _gate = new();
    private readonly Timer _timer;
    private List<AttentionRecord> _pending = new();
    private bool _disposed;

    /// <summary>Creates the recorder over <paramref name="metadata"/>.</summary>
    public AttentionRecorder(MetadataStore metadata)
    {
        _metadata = metadata;
        _timer = new Timer(_ => FlushInBackground(), null, FlushInterval, FlushInterval);
    }

    /// <summary>Records one event.</summary>
    public void Record(in AttentionRecord record)
    {
        bool full;
        lock (_gate)
        {
            _pending.Add(record);
            full = _pending.Count >= BatchSize;
        }
        if (full) ThreadPool.UnsafeQueueUserWorkItem(_ => FlushInBackground(), null);
    }

    /// <summary>Persists every pending event.</summary>
    public void Flush()
    {
        List<AttentionRecord> batch;
        lock (_gate)
        {
            if (_pending.Count == 0 || _disposed && _pending.Count == 0) return;
            batch = _pending;
            _pending = new List<AttentionRecord>();
        }
        lock (_metadata.SyncRoot)
        {
            _metadata.AppendAttention(batch);
        }
    }

    /// <summary>The newest <paramref name="limit"/> events, oldest first (persisted and pending).</summary>
    public List<AttentionRecord> Recent(int limit)
    {
        Flush();
        return _metadata.RecentAttention(limit);
    }

    /// <summary>
    /// Hands the newest <paramref name="limit"/> events (persisted and pending) to <paramref name="visit"/>, newest
    /// first, until it returns false; memory stays one event whatever the history holds.
    /// </summary>
    public void VisitRecent(int limit, Func<AttentionRecord, bool> visit)
    {
        Flush();
        _metadata.VisitRecentAttention(limit, visit);
    }

    /// <summary>
    /// The <paramref name="limit"/> hottest nodes, hottest first (<see cref="HeatCalculator"/>), summed up by the
    /// store: memory is <paramref name="limit"/> summaries whatever the history holds.
    /// </summary>
    /// <param name="nowNs">Now, UTC ns since the Unix epoch.</param>
    /// <param name="limit">Most nodes returned.</param>
    public List<AttentionSummary> Hottest(long nowNs, int limit)
    {
        Flush();
        return _metadata.SummarizeAttention(nowNs, HeatCalculator.HalfLifeNs, limit);
    }

    /// <summary>Heat in [0, 1] of node <paramref name="inode"/> at <paramref name="nowNs"/> (UTC ns); 0 without attention.</summary>
    public double HeatOf(long inode, long nowNs)
    {
        Flush();
        return _metadata.SummarizeAttention(inode, nowNs, HeatCalculator.HalfLifeNs) is { } summary ? HeatCalculator.HeatOf(summary.Score) : 0;
    }

    /// <summary>Events at or after <paramref name="sinceNs"/> (UTC ns since the Unix epoch), oldest first.</summary>
    /// <remarks>Every such event is loaded: for tests and small histories; the mount uses <see cref="Hottest"/> and
    /// <see cref="VisitRecent"/>.</remarks>
    public List<AttentionRecord> Since(long sinceNs)
    {
        Flush();
        return _metadata.AttentionSince(sinceNs);
    }

    /// <summary>Stops the timer (waiting for a flush it started) and persists what is pending.</summary>
    public void Dispose()
    {
        using (var stopped = new ManualResetEvent(false))
        {
            if (_timer.Dispose(stopped)) stopped.WaitOne();
        }
        Flush();
        lock (_gate)
        {
            _disposed = true;
        }
    }

    /// <summary>A flush off the request path: after disposal it does nothing, and a failure is reported, never thrown.</summary>
    private void FlushInBackground()
    {
        lock (_gate)
        {
            if (_disposed) return;
        }
        try
        {
            Flush();
        }
        catch (Exception e)
        {
            // A timer or thread-pool callback: an exception escaping here would end the process.
            _metadata.Log?.Invoke($"persisting attention events failed: {e.GetType().Name}: {e.Message}");
        }
    }
}

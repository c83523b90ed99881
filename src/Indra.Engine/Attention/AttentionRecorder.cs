using System.Globalization;
using Indra.Storage.Metadata;

namespace Indra.Engine.Attention;

/// <summary>
/// Records attention events in memory and persists them to the metadata store in batches (at most every
/// <see cref="FlushInterval"/>, or when <see cref="BatchSize"/> events are waiting), so an open costs no SQLite
/// transaction. Each batch also folds into the per-node heat aggregate (<see cref="HeatCalculator"/>), so heat is
/// read in one row per node whatever the history holds. Readers see persisted and pending events alike.
/// <see cref="Flush"/> persists everything now (unmount, tests).
/// </summary>
/// <remarks>
/// Retention: raw events older than <see cref="Retention"/> (default <see cref="DefaultRetention"/>, 30 days; the
/// vault setting <see cref="RetentionSetting"/> in days, 0 keeping them forever) are deleted, at most
/// <see cref="CompactBatch"/> at a time: with each flushed batch and, while the recorder is idle, on its timer. The
/// heat aggregate keeps what they contributed, so heat does not change; attention.log shows the kept window. Time
/// (event ages, the retention cut-off, the flush timer) is read from the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed class AttentionRecorder : IDisposable
{
    /// <summary>Longest time an event waits in memory.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Pending events that trigger an immediate flush.</summary>
    public const int BatchSize = 1024;

    /// <summary>Most raw events one compaction deletes (about 20 ms under the store lock).</summary>
    public const int CompactBatch = 4096;

    /// <summary>How long raw events are kept when the vault does not say: 30 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// The vault setting (metadata <c>settings</c> table) that overrides <see cref="DefaultRetention"/>: a whole
    /// number of days, 0 keeping raw events forever. Read when the recorder is created (vault open).
    /// </summary>
    public const string RetentionSetting = "attention_retention_days";

    /// <summary>While idle, how long after a compaction that found nothing more to delete the next one runs.</summary>
    private static readonly TimeSpan IdleCompactInterval = TimeSpan.FromMinutes(1);

    private readonly MetadataStore _metadata;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly ITimer _timer;
    private List<AttentionRecord> _pending = new(BatchSize);
    private List<AttentionRecord>? _spare;
    private DateTimeOffset _nextIdleCompaction;
    private bool _disposed;
    private int _running;

    /// <summary>
    /// Creates the recorder over <paramref name="metadata"/> (the vault's is <see cref="Vaults.Vault.Attention"/>), folding into the heat aggregate any event stored without
    /// it (by an earlier version, or written into the table directly): <see cref="MetadataStore.FoldAttention"/>.
    /// </summary>
    /// <param name="metadata">The vault's store.</param>
    /// <param name="time">The clock (default <see cref="TimeProvider.System"/>; tests pass a fake one).</param>
    /// <exception cref="FormatException">The vault's <see cref="RetentionSetting"/> is not a whole number of days ≥ 0.</exception>
    internal AttentionRecorder(MetadataStore metadata, TimeProvider? time = null)
    {
        _metadata = metadata;
        _time = time ?? TimeProvider.System;
        Retention = ReadRetention(metadata);
        metadata.FoldAttention(HeatCalculator.HalfLifeNs);
        _timer = _time.CreateTimer(_ => OnTimer(), null, FlushInterval, FlushInterval);
    }

    /// <summary>How long raw events are kept; null keeps them forever.</summary>
    public TimeSpan? Retention { get; }

    /// <summary>Now by this recorder's clock, UTC ns since the Unix epoch.</summary>
    public long NowNs() => (_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Records one event (kept in memory until the next <see cref="Flush"/>; readers see it at once).</summary>
    public void Record(in AttentionEvent attention) => Record(attention.ToRecord());

    /// <summary>Records one event given as the metadata store's row.</summary>
    internal void Record(in AttentionRecord record)
    {
        bool full;
        lock (_gate)
        {
            _pending.Add(record);
            full = _pending.Count >= BatchSize;
        }
        if (full) ThreadPool.UnsafeQueueUserWorkItem(_ => InBackground(Flush), null);
    }

    /// <summary>
    /// Persists every pending event and folds it into the heat aggregate, then deletes up to
    /// <see cref="CompactBatch"/> events past the retention, all in one transaction.
    /// </summary>
    public void Flush()
    {
        List<AttentionRecord> batch;
        lock (_gate)
        {
            if (_pending.Count == 0) return;
            batch = _pending;
            _pending = _spare ?? new List<AttentionRecord>(BatchSize);
            _spare = null;
        }
        try
        {
            lock (_metadata.SyncRoot)
            {
                _metadata.InTransaction(() =>
                {
                    _metadata.AppendAttention(batch, HeatCalculator.HalfLifeNs);
                    Compact();
                });
            }
        }
        finally
        {
            // The list is kept for the next batch: a full batch's list is about 150 KB (1,024 events of 144 bytes), which
            // the runtime would otherwise allocate on its large object heap (collected only with generation 2) for
            // every flush, and grow to by doubling on the request path.
            batch.Clear();
            lock (_gate)
            {
                _spare ??= batch;
            }
        }
    }

    /// <summary>
    /// Deletes up to <see cref="CompactBatch"/> raw events older than <see cref="Retention"/> by this recorder's
    /// clock; heat is unaffected.
    /// </summary>
    /// <returns>Events deleted (0 when raw events are kept forever).</returns>
    public int Compact() => Retention is { } retention ? _metadata.CompactAttention(NowNs() - retention.Ticks * 100, CompactBatch) : 0;

    /// <summary>The newest <paramref name="limit"/> events still kept, oldest first (persisted and pending).</summary>
    public List<AttentionEvent> RecentEvents(int limit) => Recent(limit).ConvertAll(AttentionEvent.FromRecord);

    /// <summary>
    /// Hands the newest <paramref name="limit"/> events still kept (persisted and pending) to <paramref name="visit"/>,
    /// newest first, until it returns false; memory stays one event whatever the history holds.
    /// </summary>
    public void VisitRecentEvents(int limit, Func<AttentionEvent, bool> visit) =>
        VisitRecent(limit, record => visit(AttentionEvent.FromRecord(record)));

    /// <summary>
    /// The <paramref name="limit"/> hottest nodes now, hottest first (<see cref="HeatCalculator"/>), read from the
    /// aggregate: one row per attended node, whatever the history holds.
    /// </summary>
    /// <param name="limit">Most nodes returned.</param>
    public List<HeatEntry> HottestNodes(int limit) => HottestNodes(NowNs(), limit);

    /// <summary>The <paramref name="limit"/> hottest nodes at <paramref name="nowNs"/> (UTC ns), hottest first; ties by path.</summary>
    public List<HeatEntry> HottestNodes(long nowNs, int limit)
    {
        Flush();
        return _metadata.SummarizeAttention(nowNs, HeatCalculator.HalfLifeNs, limit).ConvertAll(HeatCalculator.EntryOf);
    }

    /// <summary>The newest <paramref name="limit"/> events still kept, as the metadata store's rows, oldest first.</summary>
    internal List<AttentionRecord> Recent(int limit)
    {
        Flush();
        return _metadata.RecentAttention(limit);
    }

    /// <summary>
    /// <see cref="VisitRecentEvents"/> with the metadata store's rows.
    /// </summary>
    internal void VisitRecent(int limit, Func<AttentionRecord, bool> visit)
    {
        Flush();
        _metadata.VisitRecentAttention(limit, visit);
    }

    /// <summary>Heat in [0, 1] of node <paramref name="inode"/> now; 0 without attention. One row read.</summary>
    public double HeatOf(long inode) => HeatOf(inode, NowNs());

    /// <summary>Heat in [0, 1] of node <paramref name="inode"/> at <paramref name="nowNs"/> (UTC ns); 0 without attention.</summary>
    public double HeatOf(long inode, long nowNs)
    {
        Flush();
        return _metadata.SummarizeAttention(inode, nowNs, HeatCalculator.HalfLifeNs) is { } summary ? HeatCalculator.HeatOf(summary.Score) : 0;
    }

    /// <summary>Events at or after <paramref name="sinceNs"/> (UTC ns since the Unix epoch) still kept, oldest first.</summary>
    /// <remarks>Every such event is loaded: for tests and small histories; the mount uses <see cref="HottestNodes(int)"/>
    /// and <see cref="VisitRecentEvents"/>.</remarks>
    public List<AttentionEvent> EventsSince(long sinceNs)
    {
        Flush();
        return _metadata.AttentionSince(sinceNs).ConvertAll(AttentionEvent.FromRecord);
    }

    /// <summary>Stops the timer (waiting for background work it started) and persists what is pending.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            while (_running > 0) Monitor.Wait(_gate);
        }
        _timer.Dispose();
        Flush();
    }

    private static TimeSpan? ReadRetention(MetadataStore metadata)
    {
        var stored = metadata.GetSetting(RetentionSetting);
        if (stored is null) return DefaultRetention;
        var days = int.Parse(stored, NumberStyles.None, CultureInfo.InvariantCulture);
        return days == 0 ? null : TimeSpan.FromDays(days);
    }

    /// <summary>The timer: flushes what is pending, or, when nothing is, compacts now and then.</summary>
    private void OnTimer()
    {
        bool idle;
        lock (_gate)
        {
            idle = _pending.Count == 0;
        }
        if (!idle)
        {
            InBackground(Flush);
            return;
        }
        if (_time.GetUtcNow() < _nextIdleCompaction) return;
        InBackground(() =>
        {
            if (Compact() < CompactBatch) _nextIdleCompaction = _time.GetUtcNow() + IdleCompactInterval;
        });
    }

    /// <summary>Work off the request path: after disposal it does nothing, and a failure is reported, never thrown.</summary>
    private void InBackground(Action work)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _running++;
        }
        try
        {
            work();
        }
        catch (Exception e)
        {
            // A timer or thread-pool callback: an exception escaping here would end the process.
            _metadata.Log?.Invoke($"persisting attention events failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            lock (_gate)
            {
                if (--_running == 0) Monitor.PulseAll(_gate);
            }
        }
    }
}

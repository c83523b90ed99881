using System.Runtime;
using Microsoft.Extensions.Logging;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// Compacts the managed heap once a burst of node loads and evictions has settled (issue 15: memory per cached
/// inode). Loading a directory's children leaves its garbage between the nodes that stay, evicting nodes leaves holes
/// among old ones, and the index arrays of large directories and the inode table live in the large-object heap, which
/// the runtime never compacts on its own; the background collections of the workstation GC only sweep, so that free
/// space stayed committed (111 MB inside a 245 MB heap after listing 1,000,000 files). One blocking, compacting,
/// decommitting collection (<see cref="GCCollectionMode.Aggressive"/>) returns it to the system.
/// </summary>
/// <remarks>
/// The collection pauses every managed thread, FUSE request threads included, for a time that grows with the live
/// heap, so it is bounded: only after <see cref="MinimumChurn"/> nodes were loaded or evicted since the last one, only
/// once no node was loaded or evicted for one <see cref="CheckInterval"/> (the burst is over: nothing is waiting on the
/// filesystem), at most once per <see cref="MinimumInterval"/>, and on a timer thread, never on a request. The timer
/// runs only while churn is pending. Thread-safe.
/// </remarks>
internal sealed class HeapCompaction : IDisposable
{
    /// <summary>Nodes loaded or evicted since the last compaction before the next one is considered.</summary>
    public const int MinimumChurn = 50_000;

    /// <summary>How often churn is checked while it is pending; a check that sees no change since the one before compacts.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>Least time between two compactions.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _clock;
    private readonly Action _compact;
    private readonly ILogger? _log;
    private readonly ITimer _timer;
    private readonly object _checkGate = new();
    private long _churn;
    private long _churnAtLastCheck = -1;
    private long _lastCompaction;
    private bool _hasCompacted;
    private int _armed;
    private int _compactions;
    private bool _disposed;

    /// <summary>
    /// Compacts with <paramref name="compact"/>, or with the runtime's aggressive collection when it is null (each one
    /// logged to <paramref name="log"/>: the churn, committed bytes before and after, the pause); timed by <paramref name="clock"/>.
    /// </summary>
    public HeapCompaction(TimeProvider clock, ILogger? log = null, Action? compact = null)
    {
        _clock = clock;
        _log = log;
        _compact = compact ?? CompactRuntimeHeap;
        _timer = clock.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Compactions done so far.</summary>
    public int Compactions => Volatile.Read(ref _compactions);

    /// <summary>Nodes loaded or evicted since the last compaction.</summary>
    public long Churn => Interlocked.Read(ref _churn);

    /// <summary>Counts <paramref name="nodes"/> nodes loaded or evicted; starts the checks once the churn is large enough.</summary>
    public void Note(int nodes)
    {
        if (nodes <= 0) return;
        if (Interlocked.Add(ref _churn, nodes) >= MinimumChurn) Arm();
    }

    /// <summary>Stops the checks; a compaction under way finishes.</summary>
    public void Dispose()
    {
        lock (_checkGate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void Check()
    {
        lock (_checkGate)
        {
            if (_disposed) return;
            var churn = Interlocked.Read(ref _churn);
            if (churn != _churnAtLastCheck)
            {
                // Still loading or evicting: look again at the next check.
                _churnAtLastCheck = churn;
                return;
            }
            if (_hasCompacted && _clock.GetElapsedTime(_lastCompaction) < MinimumInterval) return;
            _compact();
            _lastCompaction = _clock.GetTimestamp();
            _hasCompacted = true;
            Interlocked.Increment(ref _compactions);
            // Churn noted during the collection stays counted towards the next one.
            Interlocked.Add(ref _churn, -churn);
            _churnAtLastCheck = -1;
            Volatile.Write(ref _armed, 0);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        // Churn noted while the timer was armed did not arm it again: enough of it starts the checks anew.
        if (Interlocked.Read(ref _churn) >= MinimumChurn) Arm();
    }

    /// <summary>Starts the checks unless they run.</summary>
    private void Arm()
    {
        if (Volatile.Read(ref _armed) != 0 || Interlocked.Exchange(ref _armed, 1) != 0) return;
        lock (_checkGate)
        {
            if (!_disposed) _timer.Change(CheckInterval, CheckInterval);
        }
    }

    /// <summary>A blocking collection of every generation that compacts the large-object heap too and decommits what it frees.</summary>
    private void CompactRuntimeHeap()
    {
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = _clock.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _log?.LogInformation("heap compacted after {Churn} node loads and evictions: {Before} -> {After} bytes committed in {Milliseconds:F0} ms",
            Interlocked.Read(ref _churn), committed, GC.GetGCMemoryInfo().TotalCommittedBytes, _clock.GetElapsedTime(started).TotalMilliseconds);
    }
}

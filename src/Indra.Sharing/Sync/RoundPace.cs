namespace Indra.Sharing.Sync;

/// <summary>
/// How soon a peer's next sync round may start after one that its peer answered with a changed manifest: at once while
/// a burst allowance lasts, so successive changes (an owner sharing several files one after another, a few edits)
/// each arrive as soon as the peer has them, otherwise after the rest of the sync interval, as before the allowance.
/// The allowance holds <see cref="Burst"/> rounds and gains one per interval, so however often a peer's manifest
/// changes (a file being written, a peer that answers every held request at once) it is fetched and applied no more
/// than <see cref="Burst"/> times plus once per interval. Not thread-safe: one per sync loop.
/// </summary>
internal sealed class RoundPace
{
    /// <summary>Rounds that may start at once one after another before the pace falls back to one per interval.</summary>
    internal const int Burst = 8;

    private readonly long _intervalMs;
    private double _allowance = Burst;
    private long _lastMs;

    /// <param name="interval">The sync interval (<see cref="SharingOptions.SyncInterval"/>); at least 1 ms is used.</param>
    /// <param name="nowMs">The monotonic time the loop starts at, in milliseconds (<see cref="Environment.TickCount64"/>).</param>
    internal RoundPace(TimeSpan interval, long nowMs)
    {
        _intervalMs = Math.Max(1, (long)interval.TotalMilliseconds);
        _lastMs = nowMs;
    }

    /// <summary>
    /// Whether the round after one answered with a changed manifest at <paramref name="nowMs"/> (milliseconds, the same
    /// clock as the constructor's) may start at once; true takes one round from the allowance.
    /// </summary>
    internal bool TakeImmediate(long nowMs)
    {
        if (nowMs > _lastMs)
        {
            _allowance = Math.Min(Burst, _allowance + (double)(nowMs - _lastMs) / _intervalMs);
            _lastMs = nowMs;
        }
        if (_allowance < 1) return false;
        _allowance -= 1;
        return true;
    }
}

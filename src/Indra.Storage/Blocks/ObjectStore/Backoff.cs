namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// Exponential backoff with full jitter (the delay before retry n is uniform in [0, min(cap, base·2ⁿ)]), so that many
/// clients retrying after one outage do not come back in step.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan cap, int attempts)
{
    /// <summary>How many attempts a call makes in all (the first and the retries).</summary>
    public int Attempts { get; } = attempts;

    /// <summary>The pause before retry <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan Delay(int retry)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, retry));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

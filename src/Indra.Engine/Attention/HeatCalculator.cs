using Indra.Engine.Domain;
using Indra.Storage.Metadata;

namespace Indra.Engine.Attention;

/// <summary>
/// Heat of an artifact from its attention, with time decay. Each navigate_to event at time t contributes
/// w = 2^(−(now − t) / <see cref="HalfLife"/>) to a score S (an event one half-life old counts half); then
/// <c>heat = 1 − 2^(−S / <see cref="Saturation"/>)</c>, which is 0 with no attention, rises with every open, and
/// approaches 1 (one fresh open: 0.16; five: 0.58; twenty: 0.97). Heat is kept per node (inode), so it survives
/// saves that change the content id.
/// </summary>
/// <remarks>
/// The mount never sums events: since S(t) = S(t0)·2^(−(t − t0) / half-life) + 1 per open, the store keeps S per node
/// as an aggregate updated with each batch of events (<see cref="AttentionRecorder.Flush"/>), which equals
/// <see cref="Compute"/> over every event ever recorded, including those the retention has deleted
/// (<see cref="AttentionRecorder.Retention"/>). <see cref="Compute"/> is the reference recomputation from raw events.
/// </remarks>
public static class HeatCalculator
{
    /// <summary>Time for an event's weight to halve.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(1);

    /// <summary><see cref="HalfLife"/> in nanoseconds.</summary>
    public static double HalfLifeNs => HalfLife.Ticks * 100.0;

    /// <summary>Score at which heat reaches one half.</summary>
    public const double Saturation = 4.0;

    /// <summary>Heat of every node that has attention in <paramref name="events"/>, hottest first.</summary>
    /// <param name="events">Events, oldest first.</param>
    /// <param name="nowNs">Now, UTC ns since the Unix epoch.</param>
    public static List<HeatEntry> Compute(IEnumerable<AttentionEvent> events, long nowNs)
    {
        var byNode = new Dictionary<long, Accumulator>();
        var halfLifeNs = HalfLifeNs;
        foreach (var e in events)
        {
            if (!byNode.TryGetValue(e.Inode, out var acc)) byNode[e.Inode] = acc = new Accumulator();
            acc.Path = e.Path;
            if (e.Kind == AttentionKind.NavigateTo)
            {
                var age = Math.Max(0, nowNs - e.AtNs);
                acc.Score += Math.Pow(2, -age / halfLifeNs);
                acc.Opens++;
                acc.Players.Add(e.Player);
            }
            else
            {
                acc.Dwell += e.DwellMs;
            }
        }
        return byNode
            .Select(kv => new HeatEntry(kv.Key, kv.Value.Path, HeatOf(kv.Value.Score), kv.Value.Players.Count, kv.Value.Dwell, kv.Value.Opens))
            .OrderByDescending(h => h.Heat).ThenBy(h => h.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Heat for a decayed score <paramref name="score"/>.</summary>
    public static double HeatOf(double score) => 1 - Math.Pow(2, -score / Saturation);

    /// <summary>The heat entry of one node's aggregate row.</summary>
    internal static HeatEntry EntryOf(AttentionSummary summary) =>
        new(summary.Inode, summary.Path, HeatOf(summary.Score), summary.Players, summary.DwellMs, summary.Opens);

    private sealed class Accumulator
    {
        public double Score;
        public HashSet<PlayerId> Players { get; } = new();
        public long Dwell;
        public int Opens;
        public string Path = "";
    }
}

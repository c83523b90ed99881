namespace Indra.Storage.Metadata;

/// <summary>
/// One node's <c>attention_heat</c> row while a batch of attention events is folded into it in memory
/// (<see cref="MetadataStore.AppendAttention"/>): each event takes the steps the per-event SQL upsert took, in the same
/// floating-point order, so the row written once per node and batch holds what one upsert per event would have left.
/// </summary>
internal struct AttentionHeatRow
{
    /// <summary>Heat score at <see cref="ScoredAt"/>: the sum over the node's opens of 2^(−age / half-life).</summary>
    public double Score;

    /// <summary>When <see cref="Score"/> was taken, UTC ns since the Unix epoch.</summary>
    public long ScoredAt;

    /// <summary>navigate_to events counted.</summary>
    public long Opens;

    /// <summary>Distinct players that opened the node.</summary>
    public long Players;

    /// <summary>Summed dwell of the node's navigate_back events, in ms.</summary>
    public long DwellMs;

    /// <summary>Id of the newest event folded in.</summary>
    public long LastEvent;

    /// <summary>The path of the newest event folded in.</summary>
    public string Path;

    /// <summary>The row a node's first event makes (an open counts 1 at its own time).</summary>
    /// <param name="e">The event.</param>
    /// <param name="id">Its row id in <c>attention</c>.</param>
    /// <param name="newPlayer">True when it is the first open of the node by its player.</param>
    public static AttentionHeatRow First(in AttentionRecord e, long id, bool newPlayer)
    {
        var open = e.Kind == 0 ? 1 : 0;
        return new AttentionHeatRow
        {
            Score = open,
            ScoredAt = e.AtNs,
            Opens = open,
            Players = newPlayer ? 1 : 0,
            DwellMs = open == 1 ? 0 : e.DwellMs,
            LastEvent = id,
            Path = e.Path,
        };
    }

    /// <summary>
    /// Folds one more event in: the score is decayed to the later of its time and the event's, an open adding
    /// 2^(−(t0 − t) / half-life) (exactly the SQL upsert's <c>score * indra_decay(t − t0) + open * indra_decay(t0 − t)</c>).
    /// </summary>
    /// <param name="e">The event.</param>
    /// <param name="id">Its row id in <c>attention</c>.</param>
    /// <param name="newPlayer">True when it is the first open of the node by its player.</param>
    /// <param name="halfLifeNs">Age at which an open counts half, in ns.</param>
    public void Add(in AttentionRecord e, long id, bool newPlayer, double halfLifeNs)
    {
        var open = e.Kind == 0 ? 1 : 0;
        Score = Score * MetadataStore.Decay(e.AtNs - ScoredAt, halfLifeNs) + open * MetadataStore.Decay(ScoredAt - e.AtNs, halfLifeNs);
        ScoredAt = Math.Max(ScoredAt, e.AtNs);
        Opens += open;
        Players += newPlayer ? 1 : 0;
        DwellMs += open == 1 ? 0 : e.DwellMs;
        LastEvent = id;
        Path = e.Path;
    }
}

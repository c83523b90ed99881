namespace Indra.Storage.Metadata;

/// <summary>
/// One node's heat aggregate read at a given time (<see cref="MetadataStore.SummarizeAttention(long, double, int)"/>):
/// it covers every event ever recorded for the node, including those the retention has since deleted.
/// </summary>
/// <param name="Inode">The node.</param>
/// <param name="Score">Sum over its navigate_to events of 2^(−age / half-life) at the time read (ages under 0 count 0).</param>
/// <param name="Players">Distinct players of its navigate_to events.</param>
/// <param name="DwellMs">Total milliseconds of its navigate_back events.</param>
/// <param name="Opens">Number of its navigate_to events.</param>
/// <param name="LastEventId">Id of its newest event (the raw event may be compacted away).</param>
/// <param name="Path">Path recorded with its newest event, relative to the mount root.</param>
internal readonly record struct AttentionSummary(long Inode, double Score, int Players, long DwellMs, int Opens, long LastEventId, string Path);

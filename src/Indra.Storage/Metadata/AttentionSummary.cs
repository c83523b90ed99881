namespace Indra.Storage.Metadata;

/// <summary>One node's attention events summed up for its heat (<see cref="MetadataStore.SummarizeAttention(long, double, int)"/>).</summary>
/// <param name="Inode">The node.</param>
/// <param name="Score">Sum over its navigate_to events of 2^(−age / half-life), age clamped at 0.</param>
/// <param name="Players">Distinct players of its navigate_to events.</param>
/// <param name="DwellMs">Total milliseconds of its navigate_back events.</param>
/// <param name="Opens">Number of its navigate_to events.</param>
/// <param name="LastEventId">Id of its newest event, whose path is the node's latest (<see cref="MetadataStore.AttentionPath"/>).</param>
public readonly record struct AttentionSummary(long Inode, double Score, int Players, long DwellMs, int Opens, long LastEventId);

using Indra.Engine.Domain;
using Indra.Storage.Metadata;

namespace Indra.Engine.Attention;

/// <summary>
/// One attention event (the design's AttentionSwitchEvent, DESIGN §2): who looked at what, from where, when.
/// </summary>
/// <param name="AtNs">When, UTC nanoseconds since the Unix epoch.</param>
/// <param name="Kind">Attention moved to the artifact (a file opened, a directory listed) or left it (a handle released).</param>
/// <param name="Player">The player whose attention it is.</param>
/// <param name="Inode">The node attended to (stable across saves, so heat follows a file through its versions).</param>
/// <param name="Artifact">The artifact id the node had at the time.</param>
/// <param name="From">Where attention came from: for <see cref="AttentionKind.NavigateTo"/> the tree the node was
/// reached through; for <see cref="AttentionKind.NavigateBack"/> the artifact left.</param>
/// <param name="Path">The node's path relative to the mount root at the time (for example <c>vault/notes/a.md</c>).</param>
/// <param name="DwellMs">For <see cref="AttentionKind.NavigateBack"/>: milliseconds since the matching navigate_to; 0
/// otherwise.</param>
public readonly record struct AttentionEvent(long AtNs, AttentionKind Kind, PlayerId Player, long Inode, ArtifactId Artifact, ArtifactId From, string Path, long DwellMs)
{
    /// <summary>The stored event's id, increasing in recording order; 0 for an event not stored yet.</summary>
    public long Id { get; init; }

    /// <summary>The metadata store's row for this event.</summary>
    internal AttentionRecord ToRecord() =>
        new(AtNs, (int)Kind, Player.Hash, Inode, Artifact.Hash, From.Hash, Path, DwellMs) { Id = Id };

    /// <summary>The event a metadata store row holds.</summary>
    internal static AttentionEvent FromRecord(AttentionRecord record) =>
        new(record.AtNs, (AttentionKind)record.Kind, new PlayerId(record.Player), record.Inode, new ArtifactId(record.Artifact), new ArtifactId(record.From), record.Path, record.DwellMs) { Id = record.Id };
}

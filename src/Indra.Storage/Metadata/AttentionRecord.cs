using Indra.Hashing;

namespace Indra.Storage.Metadata;

/// <summary>
/// One stored attention event (the design's AttentionSwitchEvent): who looked at what, from where, when.
/// </summary>
/// <param name="AtNs">When, UTC nanoseconds since the Unix epoch.</param>
/// <param name="Kind">0 = navigate_to, 1 = navigate_back.</param>
/// <param name="Player">The player whose attention it is (32 bytes).</param>
/// <param name="Inode">The node attended to (stable across saves).</param>
/// <param name="Artifact">The artifact id at the time.</param>
/// <param name="From">The artifact attention came from (navigate_to: the parent tree; navigate_back: the file left).</param>
/// <param name="Path">Path relative to the mount root at the time.</param>
/// <param name="DwellMs">navigate_back: milliseconds since the matching navigate_to; 0 otherwise.</param>
internal readonly record struct AttentionRecord(long AtNs, int Kind, Blake3Hash Player, long Inode, Blake3Hash Artifact, Blake3Hash From, string Path, long DwellMs)
{
    /// <summary>Stored id (increasing); 0 before it is stored.</summary>
    public long Id { get; init; }
}

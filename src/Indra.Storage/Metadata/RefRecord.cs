namespace Indra.Storage.Metadata;

/// <summary>One row of <c>refs</c>: an ArtifactRef of a tree — label (file name), position (listing order), target node.</summary>
/// <param name="Parent">The tree's inode.</param>
/// <param name="Label">The entry's name.</param>
/// <param name="Position">Listing order within the tree; unique per tree, increasing, never reused.</param>
/// <param name="Child">The target node's inode.</param>
internal readonly record struct RefRecord(long Parent, string Label, long Position, long Child);

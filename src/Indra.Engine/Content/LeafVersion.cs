using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Content;

/// <summary>
/// One version of a file's content: its leaf artifact id (the plain BLAKE3 hash of its bytes, equal to
/// <c>b3sum FILE</c>), its size in bytes and its blocks in order.
/// </summary>
/// <param name="Id">BLAKE3 of the whole content.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Blocks">The fixed-size blocks (the last may be shorter).</param>
public sealed record LeafVersion(Blake3Hash Id, long Size, IReadOnlyList<LeafBlock> Blocks)
{
    /// <summary>The empty file: BLAKE3("") and no blocks.</summary>
    public static LeafVersion Empty { get; } = new(Blake3.Hash([]), 0, []);
}

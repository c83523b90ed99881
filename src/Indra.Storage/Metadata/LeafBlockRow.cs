using Indra.Hashing;

namespace Indra.Storage.Metadata;

/// <summary>
/// One row of a leaf's block list as the store keeps it (the engine's <c>LeafBlock</c> is the same with a typed hash):
/// block <c>Index</c> of a leaf, bytes [Index·blockSize, Index·blockSize + Size) of the file, stored under
/// <see cref="Hash"/> (BLAKE3 of the block's bytes). Full blocks of multi-block files carry their non-root subtree
/// chaining value at that position (BLAKE3 spec §2.1; reference/blake3.md §4), so the file id can be recomputed from
/// the cached values after an edit that touched other blocks.
/// </summary>
/// <param name="Index">Block number from 0.</param>
/// <param name="Hash">Content hash of the block.</param>
/// <param name="Size">Bytes in the block.</param>
/// <param name="ChainingValue">Subtree chaining value, or null (tail blocks, single-block files).</param>
internal readonly record struct LeafBlockRow(long Index, Blake3Hash Hash, int Size, ChainingValue? ChainingValue);

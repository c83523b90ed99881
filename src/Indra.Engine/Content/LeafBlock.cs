using Indra.Engine.Domain;
using Indra.Hashing;

namespace Indra.Engine.Content;

/// <summary>
/// Block <see cref="Index"/> of a leaf version: bytes [Index·blockSize, Index·blockSize + Size) of the file, stored
/// under <see cref="Hash"/>. Full blocks of multi-block files carry their non-root subtree chaining value at that
/// position (BLAKE3 spec §2.1; reference/blake3.md §4), so the file id can be recomputed from the cached values after
/// an edit that touched other blocks. The default value is no block (size 0, all-zero hash).
/// </summary>
/// <param name="Index">Block number from 0 (the block starts at byte Index·blockSize of the file).</param>
/// <param name="Hash">Its name in the block store: the plain BLAKE3 of its bytes, or its chaining value at its position (<see cref="BlockKeys"/>).</param>
/// <param name="Size">Bytes in the block: the vault's block size, except for the last block of a file.</param>
/// <param name="ChainingValue">Subtree chaining value at this position, or null (the last block, single-block files,
/// and a block shared at another position until the version is built).</param>
public readonly record struct LeafBlock(long Index, BlockHash Hash, int Size, ChainingValue? ChainingValue);

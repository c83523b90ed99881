using Indra.Engine.Domain;

namespace Indra.Sharing.Client;

/// <summary>A block to fetch, with where it lies in its file (a block named by its position is checked there).</summary>
/// <param name="Hash">The block's name.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Offset">The byte offset it starts at in its file.</param>
/// <param name="FileSize">The file's length in bytes.</param>
internal readonly record struct PlacedBlock(BlockHash Hash, int Size, long Offset, long FileSize);

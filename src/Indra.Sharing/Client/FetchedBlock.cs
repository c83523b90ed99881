using Indra.Hashing;

namespace Indra.Sharing.Client;

/// <summary>A block received from a peer and checked against its name.</summary>
/// <param name="Buffer">A pooled, aligned buffer (<see cref="BlockBuffer"/>) holding the block's bytes at its start; give it back with <see cref="BlockBuffer.Return"/>.</param>
/// <param name="ChainingValue">The block's chaining value at the offset it was fetched for, when it is a whole BLAKE3
/// subtree there (<see cref="Indra.Engine.Content.BlockKeys.Matches(Indra.Engine.Domain.BlockHash, System.ReadOnlySpan{byte}, long, long, out ChainingValue?)"/>); null otherwise.</param>
internal readonly record struct FetchedBlock(BlockBuffer Buffer, ChainingValue? ChainingValue);

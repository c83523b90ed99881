using Indra.Engine.Domain;
using Indra.Hashing;

namespace Indra.Sharing.State;

/// <summary>One block of a received file: its BLAKE3 hash and size in bytes.</summary>
/// <param name="Hash">BLAKE3 of the block's bytes.</param>
/// <param name="Size">Bytes.</param>
public readonly record struct BlockRef(BlockHash Hash, int Size);

/// <summary>A file or folder a peer granted us, synced locally (its blocks are in the sharing block store).</summary>
/// <param name="Peer">The granting peer's player id.</param>
/// <param name="GrantId">The grant it came with.</param>
/// <param name="Path">Its path under /peers/NAME ('/'-separated, first segment is the grant's root name).</param>
/// <param name="IsDirectory">Folder or file.</param>
/// <param name="Size">Bytes (0 for folders).</param>
/// <param name="ArtifactId">Leaf id (BLAKE3 of the bytes) or tree id.</param>
/// <param name="ModifiedNs">Last modification at the owner, UTC ns.</param>
/// <param name="Mode">The grant's mode.</param>
/// <param name="ExpiresNs">Timed: expiry (UTC ns); else 0.</param>
/// <param name="Steward">The owner's player id.</param>
/// <param name="Blocks">The file's blocks in order.</param>
/// <param name="Audience">The grant's root entry: the players the owner says it granted this artifact to that share a
/// realm of the owner's with us (us included); empty on every other entry (the audience belongs to the grant).</param>
/// <param name="Retained">True for a permanent grant the owner recalled: kept, no longer updated.</param>
public sealed record ReceivedEntry(
    PlayerId Peer, string GrantId, string Path, bool IsDirectory, long Size, Blake3Hash ArtifactId, long ModifiedNs,
    AccessMode Mode, long ExpiresNs, PlayerId Steward, IReadOnlyList<BlockRef> Blocks, IReadOnlyList<PlayerId> Audience, bool Retained)
{
    /// <summary>True when the entry may be shown at <paramref name="nowNs"/> (a timed grant hides at its expiry).</summary>
    public bool IsVisible(long nowNs) => Mode != AccessMode.Timed || ExpiresNs > nowNs;
}

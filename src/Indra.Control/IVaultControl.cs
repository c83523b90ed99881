using Indra.Control.Model;
using Indra.Engine.Domain;

namespace Indra.Control;

/// <summary>
/// Everything a front end asks of one vault: the control API (issue 14). Two implementations serve it: the running
/// daemon's, reached through its owner-only local endpoint, and an in-process one that opens an unmounted vault directly
/// and holds its single-writer lock only for the call. Callers obtain one from the control library's connect factory and
/// never learn which they hold; both give the same results and the same errors.
/// </summary>
/// <remarks>
/// Paths are vault paths: '/'-separated, relative to the vault root (<c>MOUNT/vault</c>); "" or "/" is the root; a
/// leading '/' is ignored; <c>peers/NAME/...</c> and <c>realms/R/...</c> name the read-only shared views (list, stat and
/// read only). Times are UTC. Sizes and offsets are bytes. Every method throws <see cref="VaultControlException"/> for a
/// failure the caller can act on (its <see cref="VaultControlException.Kind"/> says which) and nothing else for bad input;
/// cancellation throws <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IVaultControl : IAsyncDisposable
{
    /// <summary>The vault's state: directory, mount, player, counts, sharing.</summary>
    Task<VaultStatus> GetStatusAsync(CancellationToken cancellation = default);

    /// <summary>The item at <paramref name="path"/> (lstat semantics: a symlink is itself).</summary>
    /// <exception cref="VaultControlException"><see cref="ControlErrorKind.NotFound"/>.</exception>
    Task<VaultItem> StatAsync(string path, CancellationToken cancellation = default);

    /// <summary>The entries of the folder at <paramref name="path"/>, in the folder's order (not "." or "..").</summary>
    /// <exception cref="VaultControlException">NotFound; InvalidArgument when the item is not a folder.</exception>
    Task<IReadOnlyList<VaultItem>> ListAsync(string path, CancellationToken cancellation = default);

    /// <summary>Up to <paramref name="count"/> bytes of the file at <paramref name="path"/> from <paramref name="offset"/>;
    /// fewer (or none) at the end of the file. <paramref name="count"/> is at most <see cref="ControlLimits.MaxChunkBytes"/>.</summary>
    /// <exception cref="VaultControlException">NotFound; InvalidArgument (a folder, a negative offset, too large a count).</exception>
    Task<byte[]> ReadAsync(string path, long offset, int count, CancellationToken cancellation = default);

    /// <summary>Writes <paramref name="content"/> to the file at <paramref name="path"/> as one new version: the file is
    /// created (mode 0644 less the umask of none) if missing, then replaced (<see cref="WriteMode.Replace"/>) or appended
    /// to (<see cref="WriteMode.Append"/>). Readers see the old or the new version, never a mixture. The stream is read to
    /// its end; its length is bounded by the vault's quota, not by memory (the implementation streams it).</summary>
    /// <returns>The file as it is after the write (its new id).</returns>
    /// <exception cref="VaultControlException">NotFound (a missing parent folder); InvalidArgument (a folder);
    /// ReadOnly (under peers/ or realms/); PermissionDenied.</exception>
    Task<VaultItem> WriteAsync(string path, Stream content, WriteMode mode, CancellationToken cancellation = default);

    /// <summary>Creates the folder at <paramref name="path"/> (mode 0755); its parent must exist.</summary>
    /// <exception cref="VaultControlException">AlreadyExists; NotFound (parent); ReadOnly.</exception>
    Task<VaultItem> MakeDirectoryAsync(string path, CancellationToken cancellation = default);

    /// <summary>Sets the TreeType of the folder at <paramref name="path"/> (the vault root included), as
    /// <c>setfattr -n user.indra.tree_type</c> on the mount does; its later children are typed from it.</summary>
    /// <returns>The folder as it is after the change.</returns>
    /// <exception cref="VaultControlException">NotFound; InvalidArgument (a file, or a TreeType that is not one);
    /// ReadOnly (under peers/ or realms/, or machine policy); PermissionDenied.</exception>
    Task<VaultItem> SetTreeTypeAsync(string path, TreeType treeType, CancellationToken cancellation = default);

    /// <summary>Removes the file or folder at <paramref name="path"/>; a non-empty folder only with <paramref name="recursive"/>.</summary>
    /// <exception cref="VaultControlException">NotFound; NotEmpty; ReadOnly; InvalidArgument (the root).</exception>
    Task RemoveAsync(string path, bool recursive, CancellationToken cancellation = default);

    /// <summary>Renames (moves) <paramref name="from"/> to <paramref name="to"/> as rename(2) does, replacing a file at
    /// <paramref name="to"/> only with <paramref name="replace"/>. Grants follow the moved item.</summary>
    /// <exception cref="VaultControlException">NotFound; AlreadyExists (and not <paramref name="replace"/>); ReadOnly; InvalidArgument.</exception>
    Task<VaultItem> RenameAsync(string from, string to, bool replace, CancellationToken cancellation = default);

    /// <summary>Copies the file or folder (with <paramref name="recursive"/>) at <paramref name="from"/> to
    /// <paramref name="to"/> by reference: the copy names the same artifacts, so no block is written.</summary>
    /// <exception cref="VaultControlException">NotFound; AlreadyExists; ReadOnly; InvalidArgument (a folder without recursive).</exception>
    Task<VaultItem> CopyAsync(string from, string to, bool recursive, CancellationToken cancellation = default);

    /// <summary>Heat of the files under <paramref name="path"/> (the whole vault for null), hottest first, at most
    /// <paramref name="top"/> (≤ <see cref="ControlLimits.MaxListItems"/>). A folder's heat is not an entry here.</summary>
    Task<IReadOnlyList<HeatItem>> GetHeatAsync(string? path, int top, CancellationToken cancellation = default);

    /// <summary>Attention events, newest first, at or after <paramref name="since"/> (all for null), on
    /// <paramref name="path"/> (any for null), at most <paramref name="limit"/> (≤ <see cref="ControlLimits.MaxListItems"/>).</summary>
    Task<IReadOnlyList<AttentionItem>> GetAttentionAsync(string? path, DateTimeOffset? since, int limit, CancellationToken cancellation = default);

    /// <summary>Grants the item at <paramref name="path"/> to <paramref name="peer"/>; takes effect at once when mounted.</summary>
    /// <param name="path">The file or folder to grant.</param>
    /// <param name="peer">The paired peer's name.</param>
    /// <param name="mode">Revocable, Permanent, Timed or Transfer.</param>
    /// <param name="until">Timed grants: the expiry (UTC); required for <see cref="AccessMode.Timed"/>, refused otherwise.</param>
    /// <param name="cancellation">Cancels the request.</param>
    /// <exception cref="VaultControlException">NotFound (path or peer); InvalidArgument; ReadOnly (a shared view).</exception>
    Task<GrantItem> ShareAsync(string path, string peer, AccessMode mode, DateTimeOffset? until, CancellationToken cancellation = default);

    /// <summary>Ends the grants of the item at <paramref name="path"/> to <paramref name="peer"/>: revocable and timed
    /// ones disappear from the peer's view; a permanent one stops being updated, the peer keeping what it received
    /// (as <c>indra recall</c>).</summary>
    /// <returns>How many grants ended.</returns>
    /// <exception cref="VaultControlException">NotFound (the path, the peer, or no grant in force to it).</exception>
    Task<int> RecallAsync(string path, string peer, CancellationToken cancellation = default);

    /// <summary>Every grant this vault has made, active or ended.</summary>
    Task<IReadOnlyList<GrantItem>> GetGrantsAsync(CancellationToken cancellation = default);

    /// <summary>The paired peers.</summary>
    Task<IReadOnlyList<PeerItem>> GetPeersAsync(CancellationToken cancellation = default);

    /// <summary>An invite another vault's owner passes to <c>indra peer add</c> (this vault's player id, key and address).</summary>
    Task<string> CreateInviteAsync(CancellationToken cancellation = default);

    /// <summary>Pairs with the vault whose <paramref name="invite"/> this is, under <paramref name="name"/>; the same
    /// player again (a new address) updates its pairing, a removed one is paired anew.</summary>
    /// <exception cref="VaultControlException">InvalidArgument (a bad invite or name, this vault's own invite, the player
    /// paired under another name); AlreadyExists (another player is paired under <paramref name="name"/>).</exception>
    Task<PeerItem> AddPeerAsync(string name, string invite, bool autoAccept, CancellationToken cancellation = default);

    /// <summary>Unpairs peer <paramref name="name"/>: every grant to it is recalled, its view disappears, and it is told
    /// it was unpaired at its next request.</summary>
    /// <exception cref="VaultControlException">NotFound (no paired peer of that name).</exception>
    Task RemovePeerAsync(string name, CancellationToken cancellation = default);

    /// <summary>Deletes realm <paramref name="name"/>; grants are unchanged.</summary>
    /// <exception cref="VaultControlException">NotFound (no realm of that name).</exception>
    Task DeleteRealmAsync(string name, CancellationToken cancellation = default);

    /// <summary>The realms this vault keeps.</summary>
    Task<IReadOnlyList<RealmItem>> GetRealmsAsync(CancellationToken cancellation = default);

    /// <summary>Creates realm <paramref name="name"/> with the paired peers <paramref name="members"/>.</summary>
    /// <exception cref="VaultControlException">AlreadyExists; NotFound (a member is not a peer); InvalidArgument.</exception>
    Task<RealmItem> CreateRealmAsync(string name, IReadOnlyList<string> members, CancellationToken cancellation = default);

    /// <summary>Checks the vault (fsck), repairing with <paramref name="repair"/>, reporting progress as it goes.</summary>
    /// <exception cref="VaultControlException">Busy when the check cannot run now (say why).</exception>
    Task<CheckReport> CheckAsync(bool repair, IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default);

    /// <summary>Removes blocks no artifact references (gc), reporting progress as it goes.</summary>
    /// <exception cref="VaultControlException">Busy when the collection cannot run now (say why).</exception>
    Task<CollectReport> CollectGarbageAsync(IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default);

    /// <summary>Flushes staged writes and unmounts the daemon's mount; the daemon exits.</summary>
    /// <exception cref="VaultControlException">NotMounted for an in-process (unmounted) vault; Busy when the mount is in use.</exception>
    Task UnmountAsync(CancellationToken cancellation = default);

    // Heat ranking and the attention feed (indra heat, indra top; issue 18).

    /// <summary>The hottest files and folders under <paramref name="path"/> (the whole vault for null or ""): files by
    /// their heat, folders by the sum of their attended files' heat (<see cref="FolderHeat"/>), each list at most
    /// <paramref name="top"/> (≤ <see cref="ControlLimits.MaxListItems"/>). With <paramref name="since"/>, only files
    /// whose newest attention event is at or after it count (looked for among the newest
    /// <see cref="ControlLimits.MaxHeatScan"/> events kept).</summary>
    /// <exception cref="VaultControlException">NotFound (no such folder); InvalidArgument (a file, a shared view, a bad count).</exception>
    Task<HeatRanking> GetHeatRankingAsync(string? path, int top, DateTimeOffset? since, CancellationToken cancellation = default);

    /// <summary>The attention events recorded after event <paramref name="after"/> (an <see cref="AttentionFeed.Cursor"/>),
    /// oldest first, at most <paramref name="limit"/> (≤ <see cref="ControlLimits.MaxListItems"/>; when more came, the newest
    /// and <see cref="AttentionFeed.Gap"/>); null answers only the cursor of now. With <paramref name="peersSince"/>, also the
    /// peers' attention reported at or after it (at most <paramref name="limit"/>, newest first).</summary>
    /// <exception cref="VaultControlException">InvalidArgument (a negative cursor, a bad limit).</exception>
    Task<AttentionFeed> GetAttentionFeedAsync(long? after, int limit, DateTimeOffset? peersSince, CancellationToken cancellation = default);

    // Offers, consent and peer limits: while mounted the daemon's sharing service acts on them at once (its sync loops
    // look at their peers' grants again in their next round); otherwise they are written to the sharing database.

    /// <summary>The peers, each with its state at the last sync attempt; with <paramref name="includeRemoved"/> the
    /// peers unpaired here too (State "removed").</summary>
    Task<IReadOnlyList<PeerItem>> ListPeersAsync(bool includeRemoved, CancellationToken cancellation = default);

    /// <summary>Every grant and transfer peers offered this vault, by peer and arrival.</summary>
    Task<IReadOnlyList<OfferItem>> GetOffersAsync(CancellationToken cancellation = default);

    /// <summary>Accepts offer <paramref name="id"/> (its id, at least its first 4 characters, or PEER/ID): it is fetched in
    /// its peer's next sync round and later versions follow without asking; a declined one is accepted after all.</summary>
    /// <returns>The offer as it is now.</returns>
    /// <exception cref="VaultControlException">NotFound (no such offer or peer); InvalidArgument (too short or ambiguous an id).</exception>
    Task<OfferItem> AcceptOfferAsync(string id, CancellationToken cancellation = default);

    /// <summary>Declines offer <paramref name="id"/>: nothing of it is fetched, what was received of it is dropped in its
    /// peer's next round, until the peer makes a new grant.</summary>
    /// <exception cref="VaultControlException">NotFound; InvalidArgument (too short or ambiguous an id, a transfer already taken).</exception>
    Task<OfferItem> DeclineOfferAsync(string id, CancellationToken cancellation = default);

    /// <summary>Sets the most bytes and files and folders peer <paramref name="name"/>'s offers may hold here (null keeps
    /// a value; both null only reads it); its failed offers are tried again.</summary>
    /// <returns>The peer as it is after the change. Machine policy's <c>quota.peerBytes</c>/<c>quota.peerFiles</c> may
    /// lower the quota in force below what is stored (docs/policy.md); the answer is the stored quota.</returns>
    /// <exception cref="VaultControlException">NotFound (no paired peer of that name); InvalidArgument (a negative quota).</exception>
    Task<PeerItem> SetPeerQuotaAsync(string name, long? bytes, long? entries, CancellationToken cancellation = default);

    /// <summary>Turns auto-accept of peer <paramref name="name"/>'s offers on (its pending offers are accepted now) or off.</summary>
    /// <returns>The peer as it is after the change.</returns>
    /// <exception cref="VaultControlException">NotFound (no paired peer of that name).</exception>
    Task<PeerItem> SetAutoAcceptAsync(string name, bool on, CancellationToken cancellation = default);
}

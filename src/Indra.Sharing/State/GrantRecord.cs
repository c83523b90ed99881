using Indra.Engine.Domain;

namespace Indra.Sharing.State;

/// <summary>
/// A grant we gave, as the sharing database keeps it: bound to the vault node it was given on (<see cref="Node"/>, its
/// inode, stable for the node's life and never reused), with its history (created, recalled, completed, ended). A
/// rename keeps the grant (what the grantee sees follows the node); deleting the node ends it, so whatever is saved
/// later at the same path is never shared through it.
/// </summary>
/// <param name="Id">Random 128-bit id (hex).</param>
/// <param name="Node">The granted file or folder's inode; 0 for a grant of a version 1 database not bound yet
/// (<see cref="SharingAdmin.BindPathGrants"/>), which is never in force.</param>
/// <param name="Path">Where the node was when granted, relative to /vault ('/'-separated): shown once the node is gone;
/// its current path is <see cref="Engine.Vaults.VaultTree.PathOf"/>.</param>
/// <param name="Peer">The grantee's player id.</param>
/// <param name="Mode">What happens on recall or expiry.</param>
/// <param name="ExpiresNs">Timed grants: expiry, UTC ns since the Unix epoch; else 0.</param>
/// <param name="CreatedNs">When granted.</param>
/// <param name="RecalledNs">When recalled, by <c>indra recall</c> or <c>indra peer remove</c> (0 while active).</param>
/// <param name="CompletedNs">Transfer grants: when the recipient took stewardship (0 before).</param>
/// <param name="EndedNs">When the grant was found to name no node any more (deleted, or a version 1 path that resolved
/// to nothing); 0 otherwise.</param>
/// <param name="Cut">True when the last manifest carrying it had to leave entries out (more than the most entries one
/// grant carries).</param>
public sealed record GrantRecord(
    string Id, long Node, string Path, PlayerId Peer, AccessMode Mode, long ExpiresNs, long CreatedNs, long RecalledNs, long CompletedNs, long EndedNs, bool Cut)
{
    /// <summary>The grant itself: node, grantee, mode and expiry (UTC; null unless timed).</summary>
    public AccessGrant Grant => new(Node, Peer, Mode, ExpiresNs == 0 ? null : DateTimeOffset.UnixEpoch.AddTicks(ExpiresNs / 100));

    /// <summary>
    /// True when the grant is in force at <paramref name="nowNs"/> (UTC ns since the Unix epoch): bound to a node, not
    /// recalled, not completed, not ended, and not expired by the engine's rule (<see cref="AccessGrant.IsInForceAt"/>).
    /// </summary>
    public bool IsActive(long nowNs) =>
        Node != 0 && RecalledNs == 0 && CompletedNs == 0 && EndedNs == 0 && Grant.IsInForceAt(DateTimeOffset.UnixEpoch.AddTicks(nowNs / 100));

    /// <summary>One word for listings: active, expired, recalled, transferred, ended (node deleted) or unbound.</summary>
    public string StateAt(long nowNs) =>
        CompletedNs > 0 ? "transferred" : RecalledNs > 0 ? "recalled" : EndedNs > 0 ? "ended" : Node == 0 ? "unbound" : IsActive(nowNs) ? "active" : "expired";
}

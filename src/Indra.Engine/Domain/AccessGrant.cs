namespace Indra.Engine.Domain;

/// <summary>
/// A grant of access to an artifact (DESIGN §2): who may read it, in which mode, until when. A grant names the vault
/// node it was given on (<paramref name="Node"/>, its inode number: stable for the node's life and never reused), not
/// its path nor its id: a file's id changes on every save and its path on every rename, and the grant follows both;
/// once the node is deleted the grant names nothing, so whatever is saved later at its old path is not granted.
/// </summary>
/// <param name="Node">The granted file or folder's inode in the granting vault (<see cref="Vaults.VaultTree.PathOf"/>
/// gives where it is now).</param>
/// <param name="Grantee">The player granted access.</param>
/// <param name="Mode">Revocable, Permanent, Timed or Transfer.</param>
/// <param name="Expires">When a <see cref="AccessMode.Timed"/> grant ends (UTC); null for the other modes.</param>
public sealed record AccessGrant(long Node, PlayerId Grantee, AccessMode Mode, DateTimeOffset? Expires)
{
    /// <summary>True unless the grant is timed and <paramref name="now"/> is at or past its expiry.</summary>
    /// <param name="now">The time to judge at.</param>
    public bool IsInForceAt(DateTimeOffset now) => Mode != AccessMode.Timed || (Expires is { } end && end > now);
}

using Indra.Engine.Domain;

namespace Indra.Sharing.State;

/// <summary>
/// A grant we gave, as the sharing database keeps it: the engine's <see cref="AccessGrant"/> (<see cref="Grant"/>) with
/// its id and its history (created, recalled, completed).
/// </summary>
/// <param name="Id">Random 128-bit id (hex).</param>
/// <param name="Path">The granted file or folder, relative to /vault ('/'-separated).</param>
/// <param name="Peer">The grantee's player id.</param>
/// <param name="Mode">What happens on recall or expiry.</param>
/// <param name="ExpiresNs">Timed grants: expiry, UTC ns since the Unix epoch; else 0.</param>
/// <param name="CreatedNs">When granted.</param>
/// <param name="RecalledNs">When recalled (0 while active).</param>
/// <param name="CompletedNs">Transfer grants: when the recipient took stewardship (0 before).</param>
public sealed record GrantRecord(string Id, string Path, PlayerId Peer, AccessMode Mode, long ExpiresNs, long CreatedNs, long RecalledNs, long CompletedNs)
{
    /// <summary>The grant itself: path, grantee, mode and expiry (UTC; null unless timed).</summary>
    public AccessGrant Grant => new(Path, Peer, Mode, ExpiresNs == 0 ? null : DateTimeOffset.UnixEpoch.AddTicks(ExpiresNs / 100));

    /// <summary>
    /// True when the grant is in force at <paramref name="nowNs"/> (UTC ns since the Unix epoch): not recalled, not
    /// completed, and not expired by the engine's rule (<see cref="AccessGrant.IsInForceAt"/>).
    /// </summary>
    public bool IsActive(long nowNs) => RecalledNs == 0 && CompletedNs == 0 && Grant.IsInForceAt(DateTimeOffset.UnixEpoch.AddTicks(nowNs / 100));
}

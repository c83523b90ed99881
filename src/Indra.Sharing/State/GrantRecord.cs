using Indra.Engine.Domain;
using Indra.Hashing;

namespace Indra.Sharing.State;

/// <summary>A grant we gave: a path of our vault made available to one peer.</summary>
/// <param name="Id">Random 128-bit id (hex).</param>
/// <param name="Path">The granted file or folder, relative to /vault ('/'-separated).</param>
/// <param name="Peer">The grantee's player id.</param>
/// <param name="Mode">What happens on recall or expiry.</param>
/// <param name="ExpiresNs">Timed grants: expiry, UTC ns since the Unix epoch; else 0.</param>
/// <param name="CreatedNs">When granted.</param>
/// <param name="RecalledNs">When recalled (0 while active).</param>
/// <param name="CompletedNs">Transfer grants: when the recipient took stewardship (0 before).</param>
public sealed record GrantRecord(string Id, string Path, Blake3Hash Peer, AccessMode Mode, long ExpiresNs, long CreatedNs, long RecalledNs, long CompletedNs)
{
    /// <summary>True when the grant is in force at <paramref name="nowNs"/>: not recalled, not completed, not expired.</summary>
    public bool IsActive(long nowNs) => RecalledNs == 0 && CompletedNs == 0 && (Mode != AccessMode.Timed || ExpiresNs > nowNs);
}

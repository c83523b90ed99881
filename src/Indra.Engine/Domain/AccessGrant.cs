namespace Indra.Engine.Domain;

/// <summary>
/// A grant of access to an artifact (DESIGN §2): who may read it, in which mode, until when. Grants name the artifact
/// by its place in the granting vault (<paramref name="Path"/>, relative to /vault), since a file's id changes on
/// every save while the grant stays.
/// </summary>
/// <param name="Path">The granted file or folder, relative to /vault.</param>
/// <param name="Grantee">The player granted access.</param>
/// <param name="Mode">Revocable, Permanent, Timed or Transfer.</param>
/// <param name="Expires">When a <see cref="AccessMode.Timed"/> grant ends (UTC); null for the other modes.</param>
public sealed record AccessGrant(string Path, PlayerId Grantee, AccessMode Mode, DateTimeOffset? Expires)
{
    /// <summary>True unless the grant is timed and <paramref name="now"/> is at or past its expiry.</summary>
    /// <param name="now">The time to judge at.</param>
    public bool IsInForceAt(DateTimeOffset now) => Mode != AccessMode.Timed || (Expires is { } end && end > now);
}

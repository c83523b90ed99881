namespace Indra.Engine.Domain;

/// <summary>How an access grant behaves when recalled or expired (the design's access-mode table).</summary>
public enum AccessMode
{
    /// <summary>Read-only; disappears when recalled.</summary>
    Revocable,
    /// <summary>Read-only; stays after a recall.</summary>
    Permanent,
    /// <summary>Read-only; disappears at expiry.</summary>
    Timed,
    /// <summary>The recipient becomes the steward and can write; the giver keeps no write access.</summary>
    Transfer,
}

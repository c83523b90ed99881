using Indra.Engine.Domain;

namespace Indra.Control.Model;

/// <summary>One grant this vault made.</summary>
/// <param name="Id">The grant's id: 32 lowercase hex digits (a random 128-bit id; <c>indra grants</c> shows its first 8).</param>
/// <param name="Path">The granted item's vault path now (it follows renames), or null once the item is gone.</param>
/// <param name="Peer">The peer's name.</param>
/// <param name="Mode">Revocable, Permanent, Timed or Transfer.</param>
/// <param name="Until">A Timed grant's expiry, UTC.</param>
/// <param name="State">"active", "expired", "recalled", "ended" or "transferred".</param>
/// <param name="Created">When it was made, UTC.</param>
/// <param name="GrantedPath">The item's vault path when it was granted (what listings show once it is gone).</param>
/// <param name="Active">True while the grant is in force (not recalled, expired, ended or completed); a grant in force
/// whose item was just deleted is Active with State "ended" until the daemon notices.</param>
/// <param name="Cut">True when the last manifest carrying it had to leave entries out (more than one grant carries).</param>
public sealed record GrantItem(string Id, string? Path, string Peer, AccessMode Mode, DateTimeOffset? Until, string State, DateTimeOffset Created,
    string GrantedPath, bool Active, bool Cut);

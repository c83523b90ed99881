using Indra.Engine.Domain;

namespace Indra.Control.Model;

/// <summary>One grant this vault made.</summary>
/// <param name="Id">The grant's id.</param>
/// <param name="Path">The granted item's vault path now (it follows renames), or null once the item is gone.</param>
/// <param name="Peer">The peer's name.</param>
/// <param name="Mode">Revocable, Permanent, Timed or Transfer.</param>
/// <param name="Until">A Timed grant's expiry, UTC.</param>
/// <param name="State">"active", "expired", "recalled", "ended" or "transferred".</param>
/// <param name="Created">When it was made, UTC.</param>
public sealed record GrantItem(long Id, string? Path, string Peer, AccessMode Mode, DateTimeOffset? Until, string State, DateTimeOffset Created);

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
public sealed record GrantItem(string Id, string? Path, string Peer, AccessMode Mode, DateTimeOffset? Until, string State, DateTimeOffset Created);

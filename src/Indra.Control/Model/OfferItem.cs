using Indra.Engine.Domain;

namespace Indra.Control.Model;

/// <summary>One grant or transfer a peer offered this vault (<c>indra offers</c>). Text a peer supplied
/// (<see cref="Name"/>, <see cref="Reason"/>) is bounded and has control characters escaped.</summary>
/// <param name="Id">The peer's grant id (hex); <c>indra accept</c> takes it or its first 4+ characters, or PEER/ID.</param>
/// <param name="Peer">The offering peer's local name (its player id when it is no longer paired).</param>
/// <param name="Mode">Revocable, Permanent, Timed or Transfer.</param>
/// <param name="Name">The name of the offered file or folder.</param>
/// <param name="Entries">Files and folders in its latest version.</param>
/// <param name="Bytes">Bytes of its files.</param>
/// <param name="State">"pending" (waits for accept or decline), "accepted", "failed" (accepted, the last attempt
/// failed; retried after a backoff) or "declined".</param>
/// <param name="Reason">Why it failed or was declined; "" otherwise.</param>
/// <param name="Offered">When it first arrived, UTC.</param>
/// <param name="Updated">When its state last changed, UTC.</param>
/// <param name="RetryAt">A failed offer's next attempt, UTC; null otherwise.</param>
public sealed record OfferItem(string Id, string Peer, AccessMode Mode, string Name, long Entries, long Bytes, string State, string Reason,
    DateTimeOffset Offered, DateTimeOffset Updated, DateTimeOffset? RetryAt);

using Indra.Engine.Domain;

namespace Indra.Sharing.State;

/// <summary>Where an offer stands.</summary>
public enum OfferState
{
    /// <summary>Waiting for the user (<c>indra accept</c> or <c>indra decline</c>); nothing is fetched.</summary>
    Pending,

    /// <summary>Accepted: fetched (and, for a transfer, taken); later versions of the grant flow in without asking.</summary>
    Accepted,

    /// <summary>Accepted, but the last attempt failed (<see cref="OfferRecord.Reason"/>); tried again after a backoff.</summary>
    Failed,

    /// <summary>Declined by the user: never fetched, whatever versions follow, until the peer makes a new grant.</summary>
    Declined,
}

/// <summary>
/// A grant or transfer a peer offered us, as the sharing database keeps it. Strings that came from the peer
/// (<see cref="Root"/>, <see cref="Reason"/>) are stored bounded and with control characters escaped
/// (<see cref="PeerText"/>).
/// </summary>
/// <param name="Peer">The offering peer's player id.</param>
/// <param name="GrantId">The peer's grant id (hex).</param>
/// <param name="Mode">The grant's mode.</param>
/// <param name="Root">The name of the offered file or folder.</param>
/// <param name="Entries">Files and folders in the latest version.</param>
/// <param name="Bytes">Bytes of its files.</param>
/// <param name="Version">Digest of the latest version's entries (<see cref="Sync.EntryDigest"/>).</param>
/// <param name="State">Where it stands.</param>
/// <param name="Reason">Why it failed (or was declined); "" otherwise.</param>
/// <param name="Attempts">Failed attempts in a row of the current version.</param>
/// <param name="RetryNs">Failed: the earliest next attempt, UTC ns since the Unix epoch.</param>
/// <param name="OfferedNs">When the offer first arrived, UTC ns.</param>
/// <param name="UpdatedNs">When its state last changed, UTC ns.</param>
/// <param name="Taken">Transfers: the version (<see cref="Version"/> at the time) written into our vault, named when we accept; "" before.</param>
public sealed record OfferRecord(
    PlayerId Peer, string GrantId, AccessMode Mode, string Root, long Entries, long Bytes, string Version, OfferState State, string Reason,
    int Attempts, long RetryNs, long OfferedNs, long UpdatedNs, string Taken = "");

namespace Indra.Control.Wire;

/// <summary>A request naming one offer (<see cref="IVaultControl.AcceptOfferAsync"/>, <see cref="IVaultControl.DeclineOfferAsync"/>).</summary>
/// <param name="Id">The offer id, at least its first 4 characters, or PEER/ID.</param>
public sealed record OfferRequest(string Id);

/// <summary>A request to set a peer's quota (<see cref="IVaultControl.SetPeerQuotaAsync"/>).</summary>
/// <param name="Name">The paired peer's name.</param>
/// <param name="Bytes">The new byte quota, or null to keep it.</param>
/// <param name="Entries">The new entry quota, or null to keep it.</param>
public sealed record PeerQuotaRequest(string Name, long? Bytes = null, long? Entries = null);

/// <summary>A request to turn a peer's auto-accept on or off (<see cref="IVaultControl.SetAutoAcceptAsync"/>).</summary>
/// <param name="Name">The paired peer's name.</param>
/// <param name="On">Accept its offers as they come.</param>
public sealed record AutoAcceptRequest(string Name, bool On);

namespace Indra.Control.Model;

/// <summary>One paired peer.</summary>
/// <param name="Name">The local name given at <c>peer add</c>.</param>
/// <param name="Player">Its player id (hex).</param>
/// <param name="Address">host:port it is reached at.</param>
/// <param name="Connected">Reachable at the last sync.</param>
/// <param name="LastSeen">Last successful sync, UTC, or null.</param>
/// <param name="AutoAccept">Whether its offers are accepted without asking.</param>
/// <param name="QuotaBytes">Bytes it may place in this vault.</param>
/// <param name="QuotaEntries">Files and folders it may place.</param>
/// <param name="State">Where it stands at the last sync attempt: "online", "unreachable", "refused", "busy", "unpaired",
/// "bad address", "error", "never contacted", or "removed" for a peer unpaired here (listed only by
/// <see cref="IVaultControl.ListPeersAsync"/> with removed peers).</param>
/// <param name="Error">Why the last sync attempt failed (one line), or "".</param>
public sealed record PeerItem(string Name, string Player, string Address, bool Connected, DateTimeOffset? LastSeen, bool AutoAccept, long QuotaBytes, long QuotaEntries,
    string State = "never contacted", string Error = "");

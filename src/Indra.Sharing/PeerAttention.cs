namespace Indra.Sharing;

/// <summary>Attention peers paid to one of our shared artifacts (reported by the peers themselves).</summary>
/// <param name="Path">The artifact, relative to /vault.</param>
/// <param name="DistinctPeers">How many different peers opened it.</param>
/// <param name="Opens">Opens over all peers.</param>
/// <param name="LastNs">Most recent report, UTC ns.</param>
public sealed record PeerAttention(string Path, int DistinctPeers, long Opens, long LastNs);

namespace Indra.Control.Model;

/// <summary>A vault's state as <c>indra status</c> shows it.</summary>
/// <param name="Vault">The vault directory (full path).</param>
/// <param name="Mounted">Whether a daemon holds it.</param>
/// <param name="MountPoint">The daemon's mount point, or null.</param>
/// <param name="Pid">The daemon's process id, or null.</param>
/// <param name="Player">This vault's player id (hex).</param>
/// <param name="Leaves">Leaf artifacts (files and special files).</param>
/// <param name="Trees">Tree artifacts (folders).</param>
/// <param name="Blocks">Stored blocks.</param>
/// <param name="BlockBytes">Bytes those blocks hold.</param>
/// <param name="PeersPaired">Paired peers.</param>
/// <param name="PeersConnected">Peers reachable at the last sync.</param>
/// <param name="Sharing">"on", or "off: REASON".</param>
/// <param name="AttentionLastHour">Attention events in the last hour.</param>
/// <param name="ControlVersion">The control API version that answered.</param>
public sealed record VaultStatus(
    string Vault,
    bool Mounted,
    string? MountPoint,
    int? Pid,
    string Player,
    long Leaves,
    long Trees,
    long Blocks,
    long BlockBytes,
    int PeersPaired,
    int PeersConnected,
    string Sharing,
    long AttentionLastHour,
    int ControlVersion);

namespace Indra.Cli.Terminal.Documents;

/// <summary><c>indra status --json</c> (docs/json-output.md, "status").</summary>
internal sealed record StatusDocument(
    string Vault,
    bool Mounted,
    string? MountPoint,
    int? Pid,
    string Player,
    long Artifacts,
    long Trees,
    long Leaves,
    long Blocks,
    long BlockBytes,
    int PeersPaired,
    int PeersConnected,
    IReadOnlyList<StatusPeer> Peers,
    string Sharing,
    string Offers,
    long AttentionLastHour,
    IReadOnlyList<StatusHot> Hottest);

/// <summary>One paired peer of <see cref="StatusDocument"/>.</summary>
/// <param name="Name">Its local name.</param>
/// <param name="Connected">Answered within the last minute.</param>
/// <param name="LastSeenAt">Its last successful contact, UTC, or null.</param>
internal sealed record StatusPeer(string Name, bool Connected, DateTimeOffset? LastSeenAt);

/// <summary>One of the hottest files of <see cref="StatusDocument"/> (mount path, "vault/...").</summary>
internal sealed record StatusHot(string Path, double Heat);

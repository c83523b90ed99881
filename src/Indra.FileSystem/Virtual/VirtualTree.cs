namespace Indra.FileSystem.Virtual;

/// <summary>
/// The fixed, read-only part of the mount layout (DESIGN.md §3): / with vault, peers, realms and .indra; .indra with
/// attention.log, heat.json, peers.json, player.json, changes.jsonl (shared-view change feed), peer-heat.json and
/// audit.log (the machine policy's audit trail, attached by the composition root; empty when auditing is off) and
/// sync-status.json (per peer sync state, attached by the composition root; no peers while sharing is off). Folders are 0500 and generated files 0400, owned like /vault (see MetaTree.AttributesOf).
/// </summary>
internal static class VirtualTree
{
    public const string AttentionLog = "attention.log";
    public const string HeatJson = "heat.json";
    public const string PeersJson = "peers.json";
    public const string PlayerJson = "player.json";
    public const string ChangesJsonl = "changes.jsonl";
    public const string PeerHeatJson = "peer-heat.json";
    public const string AuditLog = "audit.log";
    public const string SyncStatusJson = "sync-status.json";

    public static readonly VirtualNode Root = new(ReservedInodes.Root, ReservedInodes.Root, "", true);
    public static readonly VirtualNode Peers = new(ReservedInodes.Peers, ReservedInodes.Root, "peers", true);
    public static readonly VirtualNode Realms = new(ReservedInodes.Realms, ReservedInodes.Root, "realms", true);
    public static readonly VirtualNode Meta = new(ReservedInodes.Meta, ReservedInodes.Root, ".indra", true);

    private static readonly VirtualNode[] MetaFiles =
    [
        new(ReservedInodes.FirstVirtual + 1, ReservedInodes.Meta, AttentionLog, false),
        new(ReservedInodes.FirstVirtual + 2, ReservedInodes.Meta, HeatJson, false),
        new(ReservedInodes.FirstVirtual + 3, ReservedInodes.Meta, PeersJson, false),
        new(ReservedInodes.FirstVirtual + 4, ReservedInodes.Meta, PlayerJson, false),
        new(ReservedInodes.FirstVirtual + 5, ReservedInodes.Meta, ChangesJsonl, false),
        new(ReservedInodes.FirstVirtual + 6, ReservedInodes.Meta, PeerHeatJson, false),
        new(ReservedInodes.FirstVirtual + 7, ReservedInodes.Meta, AuditLog, false),
        new(ReservedInodes.FirstVirtual + 8, ReservedInodes.Meta, SyncStatusJson, false),
    ];

    private static readonly Dictionary<ulong, VirtualNode> ByInode = new[] { Root, Peers, Realms, Meta }.Concat(MetaFiles).ToDictionary(n => n.Inode);

    /// <summary>True for inode numbers that belong to the virtual tree.</summary>
    public static bool IsVirtual(ulong inode) => ByInode.ContainsKey(inode);

    public static VirtualNode? Get(ulong inode) => ByInode.GetValueOrDefault(inode);

    /// <summary>Children of a virtual folder, in listing order (the root's "vault" child is the vault root node, inode 2).</summary>
    public static IReadOnlyList<(string Name, ulong Inode, bool IsDirectory)> Children(ulong inode) => inode switch
    {
        ReservedInodes.Root => [("vault", ReservedInodes.Vault, true), ("peers", ReservedInodes.Peers, true), ("realms", ReservedInodes.Realms, true), (".indra", ReservedInodes.Meta, true)],
        ReservedInodes.Meta => MetaFiles.Select(f => (f.Name, f.Inode, false)).ToArray(),
        _ => [],
    };
}

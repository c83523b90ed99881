using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Sharing.Security;
using Indra.Sharing.State;

namespace Indra.Sharing;

/// <summary>
/// The rules of pairing, granting and realms over a <see cref="SharingDatabase"/>, shared by the running
/// <see cref="SharingService"/> and by the CLI when no daemon serves the vault (a daemon started later reads them from
/// the database).
/// </summary>
public static class SharingAdmin
{
    /// <summary>Pairs peer <paramref name="name"/> from its invite.</summary>
    /// <exception cref="SharingException">A bad name, our own invite, or a clash with another pairing.</exception>
    public static PeerRecord AddPeer(SharingDatabase db, PlayerId self, string name, Invite invite, long nowNs)
    {
        if (!SharePath.IsValidSegment(name)) throw new SharingException($"'{name}' cannot be a peer name (it becomes a folder under /peers)");
        if (name == Views.ViewSnapshot.SelfFolder) throw new SharingException($"'{name}' cannot be a peer name (realm views show this vault's own shares under it)");
        if (invite.PlayerId == self) throw new SharingException("that invite is this vault's own");
        db.AddPeer(name, invite.PlayerId, invite.Host, invite.Port, nowNs);
        return db.FindPeer(name)!;
    }

    /// <summary>
    /// Grants the file or folder now at <paramref name="vaultPath"/> to peer <paramref name="peerName"/>. The grant
    /// names the node (its inode), not the path: it follows renames and ends when the node is deleted.
    /// </summary>
    /// <param name="db">The sharing database.</param>
    /// <param name="tree">The vault's tree (to find the node): the mounted vault's, or a <see cref="VaultReader"/>'s.</param>
    /// <param name="vaultPath">File or folder, relative to /vault.</param>
    /// <param name="peerName">A paired peer.</param>
    /// <param name="mode">The grant's mode.</param>
    /// <param name="until">Timed grants: the expiry (required, in the future); other modes: must be null.</param>
    /// <param name="nowNs">Now, UTC ns.</param>
    /// <exception cref="SharingException">Unknown peer, missing path, or an expiry that does not fit the mode.</exception>
    /// <remarks>A mounted vault is granted through its daemon (the control API), whose tree holds what the mount wrote;
    /// another process reading the database would not see a file the daemon has not committed yet.</remarks>
    public static GrantRecord Share(SharingDatabase db, VaultTree tree, string vaultPath, string peerName, AccessMode mode, DateTimeOffset? until, long nowNs)
    {
        var path = SharePath.NormalizeVaultPath(vaultPath);
        var peer = ActivePeer(db, peerName);
        var node = tree.Resolve(path);
        if (node is null) throw new SharingException($"/vault/{path} does not exist");
        if (node.Kind == NodeKind.Symlink) throw new SharingException($"/vault/{path} is a symbolic link: share its target instead");
        if (!Server.OwnedTree.IsShared(node.Kind)) throw new SharingException($"/vault/{path} is a special file (FIFO, socket or device): only files and folders are shared");
        long expires = 0;
        if (mode == AccessMode.Timed)
        {
            if (until is null) throw new SharingException("a timed grant needs --until (UTC time)");
            expires = (until.Value.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
            if (expires <= nowNs) throw new SharingException("--until is in the past");
        }
        else if (until is not null) throw new SharingException("--until only applies to --mode timed");
        if (mode == AccessMode.Transfer)
        {
            if (path.Length == 0) throw new SharingException("the whole vault cannot be transferred");
            if (db.ListGrants().Any(g => g.Node == node.Inode && g.Mode == AccessMode.Transfer && g.IsActive(nowNs)))
                throw new SharingException($"/vault/{path} is already being transferred");
        }
        return db.AddGrant(node.Inode, path, peer.PlayerId, mode, expires, nowNs);
    }

    /// <summary>Recalls every active grant to <paramref name="peerName"/> of the file or folder now at <paramref name="vaultPath"/>.</summary>
    /// <param name="db">The sharing database.</param>
    /// <param name="tree">The vault's tree (to find the node).</param>
    /// <param name="vaultPath">File or folder, relative to /vault, where it is now (a renamed node is recalled at its new path).</param>
    /// <param name="peerName">The peer.</param>
    /// <param name="nowNs">Now, UTC ns.</param>
    /// <returns>How many grants were recalled.</returns>
    /// <exception cref="SharingException">Unknown peer, or nothing to recall.</exception>
    public static int Recall(SharingDatabase db, VaultTree tree, string vaultPath, string peerName, long nowNs)
    {
        var path = SharePath.NormalizeVaultPath(vaultPath);
        var peer = db.FindPeer(peerName) ?? throw new SharingException($"no peer named '{peerName}' (see 'indra peer list')");
        var node = tree.Resolve(path);
        var count = node is null ? 0 : db.RecallGrants(node.Inode, peer.PlayerId, nowNs);
        if (count == 0) throw new SharingException($"/vault/{path} has no active grant to '{peerName}'");
        return count;
    }

    /// <summary>
    /// Unpairs peer <paramref name="name"/> (<see cref="SharingDatabase.RemovePeer"/>): every grant to it ends, transfer
    /// offers are withdrawn, what it showed us is dropped, and from its next request it is answered "unpaired".
    /// </summary>
    /// <exception cref="SharingException">No paired peer has that name.</exception>
    public static PeerRecord RemovePeer(SharingDatabase db, string name, long nowNs) =>
        db.RemovePeer(name, nowNs) ?? throw new SharingException($"no paired peer named '{name}'");

    /// <summary>
    /// Binds grants of a version 1 database, which named a path, to the node that path resolves to now; a grant whose
    /// path resolves to nothing shareable is ended. Run by whoever opens the database with the vault's tree at hand (the
    /// daemon at start, the CLI's grant verbs); grants not in force are left as they are.
    /// </summary>
    /// <returns>How many grants were bound or ended.</returns>
    public static int BindPathGrants(SharingDatabase db, VaultTree tree, long nowNs)
    {
        var count = 0;
        foreach (var grant in db.ListGrants().Where(g => g.Node == 0 && g.RecalledNs == 0 && g.CompletedNs == 0 && g.EndedNs == 0))
        {
            var node = tree.Resolve(grant.Path);
            if (node is not null && Server.OwnedTree.IsShared(node.Kind)) db.BindGrant(grant.Id, node.Inode);
            else db.EndGrant(grant.Id, grant.Node, nowNs);
            count++;
        }
        return count;
    }

    /// <summary>
    /// Where a grant's node is now, relative to /vault, as listings show it; null when the node is gone or no longer in
    /// the tree (then the grant shares nothing).
    /// </summary>
    public static string? CurrentPath(VaultTree tree, GrantRecord grant) => grant.Node == 0 ? null : tree.PathOf(grant.Node);

    /// <summary>Creates (or redefines) realm <paramref name="name"/> over paired peers, stored by player id.</summary>
    /// <exception cref="SharingException">A bad name or a member that is not a paired peer.</exception>
    public static void CreateRealm(SharingDatabase db, string name, IReadOnlyList<string> members)
    {
        if (!SharePath.IsValidSegment(name)) throw new SharingException($"'{name}' cannot be a realm name (it becomes a folder under /realms)");
        if (members.Count == 0) throw new SharingException("a realm needs at least one member (--members NAME,NAME...)");
        db.SetRealm(name, members.Select(member => ActivePeer(db, member).PlayerId).ToList());
    }

    /// <summary>Realms by name with the names of their members that are paired now, in name order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RealmsByName(SharingDatabase db)
    {
        var names = db.ListPeers().Where(p => p.IsActive).ToDictionary(p => p.PlayerId, p => p.Name);
        return db.ListRealms().ToDictionary(r => r.Key,
            r => (IReadOnlyList<string>)r.Value.Where(names.ContainsKey).Select(id => names[id]).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    private static PeerRecord ActivePeer(SharingDatabase db, string name)
    {
        var peer = db.FindPeer(name);
        if (peer is null || !peer.IsActive) throw new SharingException($"no paired peer named '{name}' (see 'indra peer list')");
        return peer;
    }

    /// <summary>For <c>indra status</c>: paired peers, and how many answered within the last minute.</summary>
    /// <param name="vaultDirectory">The vault directory.</param>
    public static (int Paired, int Connected) PeerSummary(string vaultDirectory)
    {
        if (!File.Exists(SharingLayout.Database(vaultDirectory))) return (0, 0);
        using var db = SharingDatabase.Open(vaultDirectory);
        var contacts = db.ListContacts();
        var recent = Vault.NowNs() - 60L * 1_000_000_000;
        var active = db.ListPeers().Where(p => p.IsActive).ToList();
        return (active.Count, active.Count(p => contacts.TryGetValue(p.PlayerId, out var c) && c.State == "online" && c.LastContactNs >= recent));
    }
}

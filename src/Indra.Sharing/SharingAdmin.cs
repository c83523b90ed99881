using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Sharing.Security;
using Indra.Sharing.State;

namespace Indra.Sharing;

/// <summary>
/// The rules of pairing, granting and realms over a <see cref="SharingDatabase"/>, shared by the running
/// <see cref="SharingService"/> and by the CLI when the vault is not mounted (the daemon then picks the changes up
/// from the database within one sync interval).
/// </summary>
public static class SharingAdmin
{
    /// <summary>Pairs peer <paramref name="name"/> from its invite.</summary>
    /// <exception cref="SharingException">A bad name, our own invite, or a clash with another pairing.</exception>
    public static PeerRecord AddPeer(SharingDatabase db, PlayerId self, string name, Invite invite, long nowNs)
    {
        if (!SharePath.IsValidSegment(name)) throw new SharingException($"'{name}' cannot be a peer name (it becomes a folder under /peers)");
        if (invite.PlayerId == self) throw new SharingException("that invite is this vault's own");
        db.AddPeer(name, invite.PlayerId, invite.Host, invite.Port, nowNs);
        return db.FindPeer(name)!;
    }

    /// <summary>Grants <paramref name="vaultPath"/> to peer <paramref name="peerName"/>.</summary>
    /// <param name="db">The sharing database.</param>
    /// <param name="tree">The vault's tree (to check the path): the mounted vault's, or a <see cref="VaultReader"/>'s.</param>
    /// <param name="vaultPath">File or folder, relative to /vault.</param>
    /// <param name="peerName">A paired peer.</param>
    /// <param name="mode">The grant's mode.</param>
    /// <param name="until">Timed grants: the expiry (required, in the future); other modes: must be null.</param>
    /// <param name="nowNs">Now, UTC ns.</param>
    /// <param name="settle">How long to look again for a missing path: <see cref="SettleTime"/> when a process
    /// (a mount) holds the vault and may not have committed a just-written file yet; zero otherwise.</param>
    /// <exception cref="SharingException">Unknown peer, missing path, or an expiry that does not fit the mode.</exception>
    public static GrantRecord Share(SharingDatabase db, VaultTree tree, string vaultPath, string peerName, AccessMode mode, DateTimeOffset? until, long nowNs, TimeSpan settle = default)
    {
        var path = SharePath.NormalizeVaultPath(vaultPath);
        var peer = ActivePeer(db, peerName);
        var node = ResolveSettled(tree, path, settle);
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
            if (db.ListGrants().Any(g => g.Path == path && g.Mode == AccessMode.Transfer && g.IsActive(nowNs)))
                throw new SharingException($"/vault/{path} is already being transferred");
        }
        return db.AddGrant(path, peer.PlayerId, mode, expires, nowNs);
    }

    /// <summary>
    /// Resolves <paramref name="path"/>, giving a process that holds the vault time to commit what was just written: a
    /// mount commits a closed file's metadata within <see cref="Vault.QueuedWriteDelay"/> of its release.
    /// </summary>
    /// <remarks>SQLite tells another process nothing when a transaction commits, so the database is polled until
    /// the path shows or <paramref name="settle"/> has passed.</remarks>
    private static VaultNode? ResolveSettled(VaultTree tree, string path, TimeSpan settle)
    {
        var deadline = DateTime.UtcNow + settle;
        while (true)
        {
            var node = tree.Resolve(path);
            if (node is not null || DateTime.UtcNow >= deadline) return node;
            Thread.Sleep(50);
        }
    }

    /// <summary>How long a path missing from the database of a vault a mount holds is looked for again.</summary>
    public static readonly TimeSpan SettleTime = Vault.QueuedWriteDelay * 5;

    /// <summary>Recalls every active grant of <paramref name="vaultPath"/> to <paramref name="peerName"/>.</summary>
    /// <returns>How many grants were recalled.</returns>
    /// <exception cref="SharingException">Unknown peer, or nothing to recall.</exception>
    public static int Recall(SharingDatabase db, string vaultPath, string peerName, long nowNs)
    {
        var path = SharePath.NormalizeVaultPath(vaultPath);
        var peer = db.FindPeer(peerName) ?? throw new SharingException($"no peer named '{peerName}' (see 'indra peer list')");
        var count = db.RecallGrants(path, peer.PlayerId, nowNs);
        if (count == 0) throw new SharingException($"/vault/{path} has no active grant to '{peerName}'");
        return count;
    }

    /// <summary>Creates (or redefines) realm <paramref name="name"/> over paired peers.</summary>
    /// <exception cref="SharingException">A bad name or a member that is not a paired peer.</exception>
    public static void CreateRealm(SharingDatabase db, string name, IReadOnlyList<string> members)
    {
        if (!SharePath.IsValidSegment(name)) throw new SharingException($"'{name}' cannot be a realm name (it becomes a folder under /realms)");
        if (members.Count == 0) throw new SharingException("a realm needs at least one member (--members NAME,NAME...)");
        foreach (var member in members) ActivePeer(db, member);
        db.SetRealm(name, members);
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

using Indra.Engine.Domain;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.State;

public sealed partial class SharingDatabase
{
    private const string GrantColumns = "id, node, path, peer_id, mode, expires_ns, created_ns, recalled_ns, completed_ns, ended_ns, cut";

    /// <summary>Records a new grant of node <paramref name="node"/> (now at <paramref name="path"/>) and returns it.</summary>
    public GrantRecord AddGrant(long node, string path, PlayerId peer, AccessMode mode, long expiresNs, long nowNs)
    {
        if (node <= 0) throw new ArgumentOutOfRangeException(nameof(node), node, "a grant names a vault node (an inode number)");
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Execute($"INSERT INTO grants({GrantColumns}) VALUES($0, $1, $2, $3, $4, $5, $6, 0, 0, 0, 0)", id, node, path, Hex(peer), mode.ToString(), expiresNs, nowNs);
        return new GrantRecord(id, node, path, peer, mode, expiresNs, nowNs, 0, 0, 0, false);
    }

    /// <summary>Recalls every active grant of node <paramref name="node"/> to <paramref name="peer"/>.</summary>
    /// <returns>How many grants were recalled.</returns>
    public int RecallGrants(long node, PlayerId peer, long nowNs) =>
        Execute("UPDATE grants SET recalled_ns = $2 WHERE node = $0 AND peer_id = $1 AND recalled_ns = 0 AND completed_ns = 0 AND ended_ns = 0", node, Hex(peer), nowNs);

    /// <summary>Recalls every grant to <paramref name="peer"/> not recalled, completed or ended yet, transfers included (unpairing).</summary>
    /// <returns>How many grants were recalled.</returns>
    public int RecallAllGrants(PlayerId peer, long nowNs) =>
        Execute("UPDATE grants SET recalled_ns = $1 WHERE peer_id = $0 AND recalled_ns = 0 AND completed_ns = 0 AND ended_ns = 0", Hex(peer), nowNs);

    /// <summary>Binds a grant of a version 1 database to the node its path resolved to (no-op once bound).</summary>
    public void BindGrant(string id, long node) => Execute("UPDATE grants SET node = $1 WHERE id = $0 AND node = 0", id, node);

    /// <summary>
    /// Moves the grants not recalled or completed from node <paramref name="from"/> to node <paramref name="to"/> (its
    /// replacement by a rename), in force again if they were just found ended: inode numbers are never reused, so a
    /// grant on <paramref name="from"/> can only have been ended by this very replacement.
    /// </summary>
    /// <returns>How many grants moved.</returns>
    public int RebindGrants(long from, long to) =>
        Execute("UPDATE grants SET node = $1, ended_ns = 0 WHERE node = $0 AND recalled_ns = 0 AND completed_ns = 0", from, to);

    /// <summary>
    /// Ends a grant whose node <paramref name="node"/> is gone (no-op once ended, and when the grant names another node
    /// by now: <see cref="RebindGrants"/> moved it to a replacement meanwhile).
    /// </summary>
    public void EndGrant(string id, long node, long nowNs) =>
        Execute("UPDATE grants SET ended_ns = $1 WHERE id = $0 AND node = $2 AND ended_ns = 0", id, nowNs, node);

    /// <summary>Records whether the last manifest carrying grant <paramref name="id"/> had to leave entries out.</summary>
    public void SetGrantCut(string id, bool cut) => Execute("UPDATE grants SET cut = $1 WHERE id = $0", id, cut ? 1 : 0);

    /// <summary>Marks a transfer grant as taken over by its recipient.</summary>
    public void CompleteGrant(string id, long nowNs) => Execute("UPDATE grants SET completed_ns = $1 WHERE id = $0 AND completed_ns = 0", id, nowNs);

    /// <summary>Every grant we gave, oldest first.</summary>
    public IReadOnlyList<GrantRecord> ListGrants() => Query($"SELECT {GrantColumns} FROM grants ORDER BY created_ns, id", ReadGrant);

    /// <summary>The grant with id <paramref name="id"/>, or null.</summary>
    public GrantRecord? FindGrant(string id) => Query($"SELECT {GrantColumns} FROM grants WHERE id = $0", ReadGrant, id).FirstOrDefault();

    /// <summary>Adds <paramref name="count"/> views of our artifact at <paramref name="path"/> reported by a peer.</summary>
    public void AddPeerAttention(PlayerId peer, string path, long count, long nowNs) =>
        Execute("INSERT INTO peer_attention(peer_id, path, count, last_ns) VALUES($0, $1, $2, $3) ON CONFLICT(peer_id, path) DO UPDATE SET count = count + excluded.count, last_ns = excluded.last_ns",
            Hex(peer), path, count, nowNs);

    /// <summary>Peer attention on our artifacts: (peer, path relative to /vault, views, last view UTC ns).</summary>
    public IReadOnlyList<(PlayerId Peer, string Path, long Count, long LastNs)> ListPeerAttention() =>
        Query("SELECT peer_id, path, count, last_ns FROM peer_attention ORDER BY path", r => (PlayerId.Parse(r.GetString(0)), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));

    private static GrantRecord ReadGrant(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt64(1), r.GetString(2), PlayerId.Parse(r.GetString(3)), Enum.Parse<AccessMode>(r.GetString(4)), r.GetInt64(5), r.GetInt64(6),
            r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10) != 0);
}

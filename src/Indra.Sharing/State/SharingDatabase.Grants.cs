using Indra.Engine.Domain;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.State;

public sealed partial class SharingDatabase
{
    private const string GrantColumns = "id, path, peer_id, mode, expires_ns, created_ns, recalled_ns, completed_ns";

    /// <summary>Records a new grant and returns it.</summary>
    public GrantRecord AddGrant(string path, PlayerId peer, AccessMode mode, long expiresNs, long nowNs)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Execute($"INSERT INTO grants({GrantColumns}) VALUES($0, $1, $2, $3, $4, $5, 0, 0)", id, path, Hex(peer), mode.ToString(), expiresNs, nowNs);
        return new GrantRecord(id, path, peer, mode, expiresNs, nowNs, 0, 0);
    }

    /// <summary>Recalls every active grant of <paramref name="path"/> to <paramref name="peer"/>.</summary>
    /// <returns>How many grants were recalled.</returns>
    public int RecallGrants(string path, PlayerId peer, long nowNs) =>
        Execute("UPDATE grants SET recalled_ns = $2 WHERE path = $0 AND peer_id = $1 AND recalled_ns = 0 AND completed_ns = 0", path, Hex(peer), nowNs);

    /// <summary>Marks a transfer grant as taken over by its recipient.</summary>
    public void CompleteGrant(string id, long nowNs) => Execute("UPDATE grants SET completed_ns = $1 WHERE id = $0 AND completed_ns = 0", id, nowNs);

    /// <summary>Every grant we gave, oldest first.</summary>
    public IReadOnlyList<GrantRecord> ListGrants() => Query($"SELECT {GrantColumns} FROM grants ORDER BY created_ns, id", ReadGrant);

    /// <summary>The grant with id <paramref name="id"/>, or null.</summary>
    public GrantRecord? FindGrant(string id) => Query($"SELECT {GrantColumns} FROM grants WHERE id = $0", ReadGrant, id).FirstOrDefault();

    /// <summary>Creates or replaces realm <paramref name="name"/> with these member peer names.</summary>
    public void SetRealm(string name, IReadOnlyList<string> members)
    {
        InTransaction(() =>
        {
            Execute("DELETE FROM realm_members WHERE realm = $0", name);
            foreach (var member in members.Distinct(StringComparer.Ordinal)) Execute("INSERT INTO realm_members(realm, member) VALUES($0, $1)", name, member);
        });
    }

    /// <summary>Deletes realm <paramref name="name"/>; false when there was none.</summary>
    public bool DeleteRealm(string name) => Execute("DELETE FROM realm_members WHERE realm = $0", name) > 0;

    /// <summary>Realms by name with their member peer names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ListRealms() =>
        Query("SELECT realm, member FROM realm_members ORDER BY realm, member", r => (r.GetString(0), r.GetString(1)))
            .GroupBy(p => p.Item1, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Item2).ToList(), StringComparer.Ordinal);

    /// <summary>Adds <paramref name="count"/> views of our artifact at <paramref name="path"/> reported by a peer.</summary>
    public void AddPeerAttention(PlayerId peer, string path, long count, long nowNs) =>
        Execute("INSERT INTO peer_attention(peer_id, path, count, last_ns) VALUES($0, $1, $2, $3) ON CONFLICT(peer_id, path) DO UPDATE SET count = count + excluded.count, last_ns = excluded.last_ns",
            Hex(peer), path, count, nowNs);

    /// <summary>Peer attention on our artifacts: (peer, path relative to /vault, views, last view UTC ns).</summary>
    public IReadOnlyList<(PlayerId Peer, string Path, long Count, long LastNs)> ListPeerAttention() =>
        Query("SELECT peer_id, path, count, last_ns FROM peer_attention ORDER BY path", r => (PlayerId.Parse(r.GetString(0)), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));

    private static GrantRecord ReadGrant(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), PlayerId.Parse(r.GetString(2)), Enum.Parse<AccessMode>(r.GetString(3)), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));
}

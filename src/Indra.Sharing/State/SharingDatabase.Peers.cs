using Indra.Engine.Domain;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.State;

public sealed partial class SharingDatabase
{
    private const string PeerColumns = "name, player_id, host, port, added_ns, revoked_ns";

    /// <summary>
    /// Pairs a peer (or re-pairs a removed one, or updates the address of a paired one). A player paired anew (never
    /// paired, or removed) starts with no grants: any grant to it still in force is recalled in the same transaction.
    /// </summary>
    /// <exception cref="SharingException">The name belongs to another player, or the player is paired under another name.</exception>
    public void AddPeer(string name, PlayerId playerId, string host, int port, long nowNs)
    {
        InTransaction(() =>
        {
            var byName = FindPeer(name);
            if (byName is not null && byName.PlayerId != playerId && byName.IsActive)
                throw new SharingException($"peer name '{name}' is already used for player {byName.PlayerId}");
            var byId = FindPeer(playerId);
            if (byId is not null && byId.Name != name)
            {
                if (byId.IsActive) throw new SharingException($"player {playerId} is already paired as '{byId.Name}'");
                Execute("DELETE FROM peers WHERE name = $0", byId.Name);
            }
            if (byId is null || !byId.IsActive) RecallAllGrants(playerId, nowNs);
            if (byName is not null) Execute("DELETE FROM peers WHERE name = $0", name);
            Execute($"INSERT INTO peers({PeerColumns}) VALUES($0, $1, $2, $3, $4, 0)", name, Hex(playerId), host, port, nowNs);
        });
    }

    /// <summary>
    /// Unpairs a peer in one transaction: it can no longer be served (it is told it was unpaired), every grant to it
    /// ends (<see cref="RecallAllGrants"/>: transfer offers are withdrawn), and what it showed us is dropped
    /// (<see cref="ForgetReceived"/>).
    /// </summary>
    /// <returns>The removed peer, or null when no paired peer has that name.</returns>
    public PeerRecord? RemovePeer(string name, long nowNs)
    {
        PeerRecord? removed = null;
        InTransaction(() =>
        {
            var peer = FindPeer(name);
            if (peer is null || !peer.IsActive) return;
            Execute("UPDATE peers SET revoked_ns = $1 WHERE name = $0", name, nowNs);
            RecallAllGrants(peer.PlayerId, nowNs);
            ForgetReceived(peer.PlayerId);
            removed = peer with { RevokedNs = nowNs };
        });
        return removed;
    }

    /// <summary>
    /// Drops what <paramref name="peer"/> granted us, as after a recall of everything: entries of permanent grants are
    /// kept (marked retained, no longer updated), every other entry is deleted.
    /// </summary>
    /// <returns>How many entries were deleted or newly retained.</returns>
    public int ForgetReceived(PlayerId peer)
    {
        var count = 0;
        InTransaction(() =>
        {
            count = Execute("DELETE FROM received WHERE peer_id = $0 AND mode <> 'Permanent'", Hex(peer));
            count += Execute("UPDATE received SET retained = 1 WHERE peer_id = $0 AND mode = 'Permanent' AND retained = 0", Hex(peer));
        });
        return count;
    }

    /// <summary>Every peer, paired or removed, by name.</summary>
    public IReadOnlyList<PeerRecord> ListPeers() => Query($"SELECT {PeerColumns} FROM peers ORDER BY name", ReadPeer);

    /// <summary>The peer named <paramref name="name"/>, or null.</summary>
    public PeerRecord? FindPeer(string name) => Query($"SELECT {PeerColumns} FROM peers WHERE name = $0", ReadPeer, name).FirstOrDefault();

    /// <summary>The peer with player id <paramref name="playerId"/>, or null.</summary>
    public PeerRecord? FindPeer(PlayerId playerId) => Query($"SELECT {PeerColumns} FROM peers WHERE player_id = $0", ReadPeer, Hex(playerId)).FirstOrDefault();

    /// <summary>Records the outcome of the last attempt to reach a peer.</summary>
    public void SetContact(PlayerId playerId, long lastContactNs, string state, string error) =>
        Execute("INSERT INTO peer_contact(peer_id, last_contact_ns, state, error) VALUES($0, $1, $2, $3) ON CONFLICT(peer_id) DO UPDATE SET " +
                "last_contact_ns = CASE WHEN excluded.last_contact_ns > 0 THEN excluded.last_contact_ns ELSE peer_contact.last_contact_ns END, state = excluded.state, error = excluded.error",
            Hex(playerId), lastContactNs, state, error);

    /// <summary>Last contact (UTC ns, 0 = never), state ("online", "unreachable", "refused", "unpaired") and last error of each peer.</summary>
    public IReadOnlyDictionary<PlayerId, (long LastContactNs, string State, string Error)> ListContacts() =>
        Query("SELECT peer_id, last_contact_ns, state, error FROM peer_contact", r => (PlayerId.Parse(r.GetString(0)), (r.GetInt64(1), r.GetString(2), r.GetString(3))))
            .ToDictionary(p => p.Item1, p => p.Item2);

    private static PeerRecord ReadPeer(SqliteDataReader r) =>
        new(r.GetString(0), PlayerId.Parse(r.GetString(1)), r.GetString(2), r.GetInt32(3), r.GetInt64(4), r.GetInt64(5));
}

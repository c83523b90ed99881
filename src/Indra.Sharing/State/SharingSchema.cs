namespace Indra.Sharing.State;

/// <summary>
/// The tables of <c>sharing.db</c> and how a database of an earlier version is brought up to date. The version is
/// SQLite's <c>PRAGMA user_version</c>: 0 for a new, empty file; a file with tables and version 0 was written before
/// versions were kept (version 1).
/// </summary>
internal static class SharingSchema
{
    /// <summary>The version <see cref="Create"/> makes.</summary>
    internal const int Version = 2;

    /// <summary>
    /// Every table at the current version (IF NOT EXISTS: run after the migrations on an existing file, it adds only
    /// tables that are new). Grants name the vault node they were given on (<c>node</c>, its inode: stable for the
    /// node's life, never reused); <c>path</c> is where it was when granted, shown once the node is gone. A grant with
    /// node 0 came from a version 1 file and is bound by <see cref="SharingAdmin.BindPathGrants"/>. Realm members are
    /// player ids.
    /// </summary>
    internal const string Create = """
        CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS peers(
            name TEXT PRIMARY KEY, player_id TEXT NOT NULL UNIQUE, host TEXT NOT NULL, port INTEGER NOT NULL,
            added_ns INTEGER NOT NULL, revoked_ns INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS grants(
            id TEXT PRIMARY KEY, path TEXT NOT NULL, peer_id TEXT NOT NULL, mode TEXT NOT NULL,
            expires_ns INTEGER NOT NULL DEFAULT 0, created_ns INTEGER NOT NULL,
            recalled_ns INTEGER NOT NULL DEFAULT 0, completed_ns INTEGER NOT NULL DEFAULT 0,
            node INTEGER NOT NULL DEFAULT 0, ended_ns INTEGER NOT NULL DEFAULT 0, cut INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS grants_peer ON grants(peer_id);
        CREATE INDEX IF NOT EXISTS grants_node ON grants(node);
        CREATE TABLE IF NOT EXISTS realm_players(realm TEXT NOT NULL, player_id TEXT NOT NULL, PRIMARY KEY(realm, player_id));
        CREATE TABLE IF NOT EXISTS received(
            peer_id TEXT NOT NULL, grant_id TEXT NOT NULL, path TEXT NOT NULL, is_dir INTEGER NOT NULL, size INTEGER NOT NULL,
            artifact TEXT NOT NULL, modified_ns INTEGER NOT NULL, mode TEXT NOT NULL, expires_ns INTEGER NOT NULL,
            steward TEXT NOT NULL, blocks BLOB NOT NULL, audience TEXT NOT NULL, retained INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY(peer_id, grant_id, path));
        CREATE TABLE IF NOT EXISTS transfers_taken(grant_id TEXT PRIMARY KEY, peer_id TEXT NOT NULL, local_path TEXT NOT NULL, taken_ns INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS peer_contact(peer_id TEXT PRIMARY KEY, last_contact_ns INTEGER NOT NULL, state TEXT NOT NULL, error TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS peer_attention(peer_id TEXT NOT NULL, path TEXT NOT NULL, count INTEGER NOT NULL, last_ns INTEGER NOT NULL, PRIMARY KEY(peer_id, path));
        """;

    /// <summary>
    /// Migrations[v - 1] takes a version v file to v + 1. 1 → 2: grants gain their node (0 until bound), end and cut
    /// marks; realm members named by peer name become player ids (a name that no peer row has any more is dropped; a
    /// removed peer's name keeps that removed player, so a new peer reusing the name does not join).
    /// </summary>
    internal static readonly string[] Migrations =
    [
        """
        ALTER TABLE grants ADD COLUMN node INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE grants ADD COLUMN ended_ns INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE grants ADD COLUMN cut INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS realm_players(realm TEXT NOT NULL, player_id TEXT NOT NULL, PRIMARY KEY(realm, player_id));
        INSERT OR IGNORE INTO realm_players(realm, player_id) SELECT m.realm, p.player_id FROM realm_members m JOIN peers p ON p.name = m.member;
        DROP TABLE realm_members;
        """,
    ];
}

namespace Indra.Sharing.State;

/// <summary>The tables of <c>sharing.db</c>.</summary>
internal static class SharingSchema
{
    internal const string Create = """
        CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS peers(
            name TEXT PRIMARY KEY, player_id TEXT NOT NULL UNIQUE, host TEXT NOT NULL, port INTEGER NOT NULL,
            added_ns INTEGER NOT NULL, revoked_ns INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS grants(
            id TEXT PRIMARY KEY, path TEXT NOT NULL, peer_id TEXT NOT NULL, mode TEXT NOT NULL,
            expires_ns INTEGER NOT NULL DEFAULT 0, created_ns INTEGER NOT NULL,
            recalled_ns INTEGER NOT NULL DEFAULT 0, completed_ns INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS grants_peer ON grants(peer_id);
        CREATE TABLE IF NOT EXISTS realm_members(realm TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY(realm, member));
        CREATE TABLE IF NOT EXISTS received(
            peer_id TEXT NOT NULL, grant_id TEXT NOT NULL, path TEXT NOT NULL, is_dir INTEGER NOT NULL, size INTEGER NOT NULL,
            artifact TEXT NOT NULL, modified_ns INTEGER NOT NULL, mode TEXT NOT NULL, expires_ns INTEGER NOT NULL,
            steward TEXT NOT NULL, blocks BLOB NOT NULL, audience TEXT NOT NULL, retained INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY(peer_id, grant_id, path));
        CREATE TABLE IF NOT EXISTS transfers_taken(grant_id TEXT PRIMARY KEY, peer_id TEXT NOT NULL, local_path TEXT NOT NULL, taken_ns INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS peer_contact(peer_id TEXT PRIMARY KEY, last_contact_ns INTEGER NOT NULL, state TEXT NOT NULL, error TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS peer_attention(peer_id TEXT NOT NULL, path TEXT NOT NULL, count INTEGER NOT NULL, last_ns INTEGER NOT NULL, PRIMARY KEY(peer_id, path));
        """;
}

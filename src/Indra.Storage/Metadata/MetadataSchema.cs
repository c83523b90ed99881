namespace Indra.Storage.Metadata;

/// <summary>
/// The SQLite schema of a vault's metadata (version 6). Version 1 had no <c>nodes.rdev</c>; version 2 kept attention
/// only as raw events (no <c>attention_heat</c>, <c>attention_players</c>); version 3 named every block by the plain
/// BLAKE3 hash of its bytes, where version 4 names full blocks past the first by their chaining value at their
/// position (docs/blocks.md); version 4 kept <c>inline_blocks</c> as a <c>WITHOUT ROWID</c> table, version 5 as a
/// rowid table with the hash's unique index; version 5 indexed the raw attention events by node as well as by time
/// (<c>attention_by_node</c>), which version 6 drops; <see cref="Migrations"/> brings a vault from any earlier version to this one when it is
/// opened.
/// </summary>
internal static class MetadataSchema
{
    internal const int Version = 6;

    internal const string Create = """
        CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS nodes(
            ino INTEGER PRIMARY KEY AUTOINCREMENT,
            kind INTEGER NOT NULL,
            mode INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            gid INTEGER NOT NULL,
            nlink INTEGER NOT NULL,
            size INTEGER NOT NULL,
            atime INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            ctime INTEGER NOT NULL,
            btime INTEGER NOT NULL,
            artifact BLOB NOT NULL,
            type_tag TEXT NOT NULL,
            next_position INTEGER NOT NULL,
            rdev INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS refs(
            parent INTEGER NOT NULL,
            label TEXT NOT NULL,
            position INTEGER NOT NULL,
            child INTEGER NOT NULL,
            PRIMARY KEY(parent, label)) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS refs_by_position ON refs(parent, position);
        CREATE INDEX IF NOT EXISTS refs_by_child ON refs(child);
        CREATE TABLE IF NOT EXISTS leaves(
            id BLOB PRIMARY KEY,
            size INTEGER NOT NULL,
            block_size INTEGER NOT NULL,
            refcount INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS leaf_blocks(
            leaf BLOB NOT NULL,
            idx INTEGER NOT NULL,
            block BLOB NOT NULL,
            size INTEGER NOT NULL,
            cv BLOB,
            PRIMARY KEY(leaf, idx)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS blocks(
            hash BLOB PRIMARY KEY,
            size INTEGER NOT NULL,
            refcount INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS inline_blocks(
            hash BLOB PRIMARY KEY,
            data BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS xattrs(
            ino INTEGER NOT NULL,
            name TEXT NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY(ino, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS attention(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            player BLOB NOT NULL,
            ino INTEGER NOT NULL,
            artifact BLOB NOT NULL,
            from_artifact BLOB NOT NULL,
            path TEXT NOT NULL,
            dwell_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS attention_by_time ON attention(at);
        CREATE TABLE IF NOT EXISTS pending_leaves(id BLOB PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS attention_heat(
            ino INTEGER PRIMARY KEY,
            score REAL NOT NULL,
            scored_at INTEGER NOT NULL,
            opens INTEGER NOT NULL,
            players INTEGER NOT NULL,
            dwell_ms INTEGER NOT NULL,
            last_event INTEGER NOT NULL,
            path TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS attention_players(
            ino INTEGER NOT NULL,
            player BLOB NOT NULL,
            PRIMARY KEY(ino, player)) WITHOUT ROWID;
        INSERT OR IGNORE INTO sqlite_sequence(name, seq) SELECT 'nodes', 5 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'nodes');
        """;

    /// <summary>
    /// Steps from one version to the next, indexed by the version they start from: step <c>v</c> takes a vault of
    /// version <c>v</c> to <c>v + 1</c>. Each runs in the transaction that records the new version.
    /// </summary>
    internal static readonly IReadOnlyDictionary<int, string> Migrations = new Dictionary<int, string>
    {
        // 1 -> 2: device numbers of character and block device nodes (0 for every node that existed before).
        [1] = "ALTER TABLE nodes ADD COLUMN rdev INTEGER NOT NULL DEFAULT 0;",
        // 2 -> 3: the per-node heat aggregate (the tables themselves are made by Create). Its fold mark is cleared, so
        // the first AttentionRecorder on the vault folds every stored event in (MetadataStore.FoldAttention); whatever
        // the tables hold is replaced, so the step can run again on a vault set back to version 2.
        [2] = $"""
            DELETE FROM attention_players;
            DELETE FROM attention_heat;
            DELETE FROM settings WHERE key = '{MetadataStore.AttentionFoldedSetting}';
            """,
        // 3 -> 4: positional block names (docs/blocks.md). Nothing is rewritten: a version 3 row names its block by
        // the plain hash, which never equals the row's chaining value, so the row itself says which rule checks the
        // block and old blocks stay readable and shared as they are. The step exists for the version mark: an Indra
        // that checks every block as a plain hash refuses a vault that may hold positional names.
        [3] = "SELECT 1;",
        // 4 -> 5: inline_blocks as a rowid table. In a WITHOUT ROWID table every cell of the primary key's b-tree,
        // interior cells included, holds the whole row, and a row of up to 16 KiB spills onto overflow pages; SQLite
        // compares a key with such a cell only after reading the cell's whole payload, overflow chain and all
        // (sqlite3BtreeIndexMoveto), so one lookup read about 19 pages. A rowid table keeps the rows in its leaves
        // only; the hash's index holds hash and rowid (about 40 bytes a cell). The rows are copied as they are.
        [4] = """
            CREATE TABLE inline_blocks_v5(hash BLOB PRIMARY KEY, data BLOB NOT NULL);
            INSERT INTO inline_blocks_v5(hash, data) SELECT hash, data FROM inline_blocks;
            DROP TABLE inline_blocks;
            ALTER TABLE inline_blocks_v5 RENAME TO inline_blocks;
            """,
        // 5 -> 6: no index of the raw attention events by node. Every recorded event is one more entry in it, and the
        // events of a batch revisit nodes all over it (a warm find: an opendir and a releasedir for each directory), so
        // keeping it cost more than half of persisting a batch of revisits (benchmarks/attention: 20.6 ms, 8.4 without). Nothing reads the events by node:
        // heat is read from attention_heat, and MetadataStore.FoldAttention indexes the few events it folds itself.
        [5] = "DROP INDEX IF EXISTS attention_by_node;",
    };
}

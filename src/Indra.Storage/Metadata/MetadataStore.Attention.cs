using Indra.Hashing;
using Microsoft.Data.Sqlite;

namespace Indra.Storage.Metadata;

/// <summary>
/// Attention: raw events (table <c>attention</c>) and, per node, the heat aggregate they fold into
/// (<c>attention_heat</c>, with the distinct players in <c>attention_players</c>).
/// </summary>
/// <remarks>
/// The aggregate keeps, per node, a score S taken at time t0 (UTC ns): an open at time t adds
/// 2^(−(t0 − t) / half-life) when t &lt; t0, and otherwise moves t0 to t after decaying S, S ← S·2^(−(t − t0) / half-life) + 1
/// (a navigate_back decays and moves t0 the same way without adding). Because decay is exponential, S at any
/// later time is S·2^(−(now − t0) / half-life), exactly the sum over the node's opens of 2^(−(now − t) / half-life):
/// so the raw events can be deleted (<see cref="CompactAttention"/>) and reading heat costs one row per node,
/// whatever the history holds. Reading before t0 (a clock stepped back) gives S as at t0.
/// <para>The aggregate covers the events up to a fold mark (the setting <see cref="AttentionFoldedSetting"/>, an
/// event id). Events stored by other means (an earlier version, a script writing the table) are past the mark until
/// <see cref="FoldAttention"/> folds them in, which <see cref="AppendAttention"/> does first and the attention recorder
/// does when a vault is opened.</para>
/// </remarks>
internal sealed partial class MetadataStore
{
    private const string AttentionColumns = "id, at, kind, player, ino, artifact, from_artifact, path, dwell_ms";

    /// <summary>The setting holding the id of the newest event folded into the heat aggregate (absent: none).</summary>
    public const string AttentionFoldedSetting = "attention_folded_id";

    /// <summary>
    /// Folds every event past the fold mark into the heat aggregate and moves the mark to the newest event, in one
    /// transaction: one pass over those events, nothing when there are none.
    /// </summary>
    /// <remarks>
    /// The events past the mark are copied first into a temporary table keyed by (node, id) (<see cref="FoldSql"/>):
    /// the raw events have no index by node (schema version 6), and without one SQLite would scan all of them once
    /// for every node they name. Each node's new opens are summed in id order, as before. The table lives in memory
    /// (<c>temp_store=MEMORY</c>, about 40 bytes an event) until the fold ends.
    /// </remarks>
    /// <param name="halfLifeNs">Age at which an open counts half, in ns; the same on every call for a vault.</param>
    /// <returns>Events folded.</returns>
    public long FoldAttention(double halfLifeNs) => InTransaction(() =>
    {
        var mark = FoldedThrough();
        var newest = (long)Command("SELECT IFNULL(MAX(id), 0) FROM attention").ExecuteScalar()!;
        if (newest <= mark) return 0L;
        Bind(Command("INSERT OR IGNORE INTO attention_players(ino, player) SELECT DISTINCT ino, player FROM attention WHERE id > $0 AND kind = 0"), mark).ExecuteNonQuery();
        Execute(UnfoldedTableSql);
        try
        {
            Execute("INSERT INTO temp.attention_unfolded(ino, id, at, kind, dwell_ms) SELECT ino, id, at, kind, dwell_ms FROM attention WHERE id > $0", mark);
            Execute(FoldSql, halfLifeNs);
        }
        finally
        {
            Execute("DROP TABLE IF EXISTS temp.attention_unfolded;");
        }
        SetFoldedThrough(newest);
        return newest - mark;
    });

    /// <summary>The temporary table <see cref="FoldAttention"/> copies the events past the mark into.</summary>
    internal const string UnfoldedTableSql = """
        DROP TABLE IF EXISTS temp.attention_unfolded;
        CREATE TEMP TABLE attention_unfolded(
            ino INTEGER NOT NULL,
            id INTEGER NOT NULL,
            at INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            dwell_ms INTEGER NOT NULL,
            PRIMARY KEY(ino, id)) WITHOUT ROWID;
        """;

    /// <summary>
    /// The fold of the events in <c>temp.attention_unfolded</c> (<c>$0</c> the half-life in ns). Per node: t0 becomes
    /// the later of its stored t0 and its newest new event; the new opens are summed at t0 and the stored score is
    /// decayed to it.
    /// </summary>
    internal const string FoldSql = """
        WITH fresh AS (
            SELECT ino, MAX(at) AS t1, MAX(id) AS last_event, SUM(kind = 0) AS opens, SUM(CASE WHEN kind = 0 THEN 0 ELSE dwell_ms END) AS dwell
            FROM temp.attention_unfolded GROUP BY ino),
        target AS (
            SELECT f.ino, MAX(f.t1, IFNULL(h.scored_at, f.t1)) AS t0, f.last_event, f.opens, f.dwell
            FROM fresh f LEFT JOIN attention_heat h ON h.ino = f.ino),
        added AS (
            SELECT t.ino, t.t0, t.last_event, t.opens, t.dwell, SUM(CASE WHEN e.kind = 0 THEN indra_decay(t.t0 - e.at, $0) ELSE 0 END) AS score
            FROM target t JOIN temp.attention_unfolded e ON e.ino = t.ino GROUP BY t.ino)
        INSERT INTO attention_heat(ino, score, scored_at, opens, players, dwell_ms, last_event, path)
        SELECT a.ino, a.score, a.t0, a.opens, (SELECT COUNT(*) FROM attention_players p WHERE p.ino = a.ino), a.dwell, a.last_event,
               (SELECT path FROM attention WHERE id = a.last_event)
        FROM added a WHERE true
        ON CONFLICT(ino) DO UPDATE SET
            score = score * indra_decay(excluded.scored_at - scored_at, $0) + excluded.score,
            scored_at = excluded.scored_at,
            opens = opens + excluded.opens,
            players = excluded.players,
            dwell_ms = dwell_ms + excluded.dwell_ms,
            last_event = excluded.last_event,
            path = excluded.path
        """;

    private long FoldedThrough() =>
        Bind(Command("SELECT value FROM settings WHERE key = $0"), AttentionFoldedSetting).ExecuteScalar() is string stored
            ? long.Parse(stored, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private void SetFoldedThrough(long id) => SetSetting(AttentionFoldedSetting, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Appends a batch of attention events and folds each into its node's heat aggregate, in one transaction (a
    /// failure leaves neither); events past the fold mark are folded in first (<see cref="FoldAttention"/>).
    /// </summary>
    /// <remarks>
    /// The heat is folded per node in memory (<see cref="AttentionHeatRow"/>, the same floating-point steps as one
    /// upsert per event) and written once per node; a node's player row is inserted at the first open of that player
    /// in the batch (later ones would be ignored). Rows are read and written many per statement
    /// (MetadataStore.AttentionRows.cs): a batch of 1,024 events on 512 nodes takes about 30 statements, not 2,000.
    /// </remarks>
    /// <param name="events">The events, in the order they happened (the last one's path becomes the node's path).</param>
    /// <param name="halfLifeNs">Age at which an open counts half, in ns; the same on every call for a vault.</param>
    public void AppendAttention(IReadOnlyList<AttentionRecord> events, double halfLifeNs)
    {
        if (events.Count == 0) return;
        InTransaction(() =>
        {
            FoldAttention(halfLifeNs);
            var firstId = InsertAttentionRows(events);
            var nodes = new List<long>();
            var opened = new List<(long Inode, Blake3Hash Player)>();
            var seenNodes = new HashSet<long>();
            var seenOpens = new HashSet<(long, Blake3Hash)>();
            foreach (var e in events)
            {
                if (seenNodes.Add(e.Inode)) nodes.Add(e.Inode);
                if (e.Kind == 0 && seenOpens.Add((e.Inode, e.Player))) opened.Add((e.Inode, e.Player));
            }
            var stored = ReadHeatRows(nodes);
            var newPlayers = InsertAttentionPlayers(opened);
            var heat = new Dictionary<long, AttentionHeatRow>(nodes.Count);
            seenOpens.Clear();
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var id = firstId + i;
                var newPlayer = e.Kind == 0 && seenOpens.Add((e.Inode, e.Player)) && newPlayers.Contains((e.Inode, e.Player));
                if (heat.TryGetValue(e.Inode, out var row) || stored.TryGetValue(e.Inode, out row))
                {
                    row.Add(e, id, newPlayer, halfLifeNs);
                }
                else
                {
                    row = AttentionHeatRow.First(e, id, newPlayer);
                }
                heat[e.Inode] = row;
            }
            WriteHeatRows(nodes, heat);
            SetFoldedThrough(firstId + events.Count - 1);
        });
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> of the oldest raw events recorded before <paramref name="beforeNs"/>
    /// (UTC ns since the Unix epoch), in one statement: the heat aggregate keeps what they contributed (events not yet
    /// folded into it are kept). Bounded so that the store lock is held briefly; call again while it returns
    /// <paramref name="limit"/>.
    /// </summary>
    /// <returns>Events deleted.</returns>
    public int CompactAttention(long beforeNs, int limit)
    {
        lock (SyncRoot)
        {
            return Bind(Command("DELETE FROM attention WHERE id IN (SELECT id FROM attention WHERE at < $0 AND id <= $2 ORDER BY at LIMIT $1)"), beforeNs, limit, FoldedThrough()).ExecuteNonQuery();
        }
    }

    /// <summary>The newest <paramref name="limit"/> events, oldest first.</summary>
    public List<AttentionRecord> RecentAttention(int limit)
    {
        lock (SyncRoot)
        {
            var result = ReadAttention(Bind(Command($"SELECT {AttentionColumns} FROM attention ORDER BY id DESC LIMIT $0"), limit));
            result.Reverse();
            return result;
        }
    }

    /// <summary>
    /// Hands the newest <paramref name="limit"/> events to <paramref name="visit"/>, newest first, one at a time,
    /// until it returns false: memory stays one event whatever the history holds. Runs under <see cref="SyncRoot"/>,
    /// so <paramref name="visit"/> must not call back into the store.
    /// </summary>
    public void VisitRecentAttention(int limit, Func<AttentionRecord, bool> visit)
    {
        lock (SyncRoot)
        {
            using var r = Bind(Command($"SELECT {AttentionColumns} FROM attention ORDER BY id DESC LIMIT $0"), limit).ExecuteReader();
            while (r.Read())
            {
                if (!visit(ReadRecord(r))) return;
            }
        }
    }

    private const string SummaryColumns = "ino, score * indra_decay($0 - scored_at, $1) AS heat_score, players, dwell_ms, opens, last_event, path";

    /// <summary>
    /// The <paramref name="limit"/> nodes with the highest heat score at <paramref name="nowNs"/>, highest first (ties
    /// by inode), read from the aggregate: one row per attended node, never the event history.
    /// </summary>
    /// <param name="nowNs">Now, UTC ns since the Unix epoch.</param>
    /// <param name="halfLifeNs">Age at which an open counts half, in ns (as given to <see cref="AppendAttention"/>).</param>
    /// <param name="limit">Most nodes returned.</param>
    public List<AttentionSummary> SummarizeAttention(long nowNs, double halfLifeNs, int limit)
    {
        lock (SyncRoot)
        {
            var result = new List<AttentionSummary>();
            using var r = Bind(Command($"SELECT {SummaryColumns} FROM attention_heat ORDER BY heat_score DESC, ino LIMIT $2"), nowNs, halfLifeNs, limit).ExecuteReader();
            while (r.Read()) result.Add(ReadSummary(r));
            return result;
        }
    }

    /// <summary>One node's summary (see <see cref="SummarizeAttention(long, double, int)"/>), or null without events: one row read.</summary>
    public AttentionSummary? SummarizeAttention(long inode, long nowNs, double halfLifeNs)
    {
        lock (SyncRoot)
        {
            using var r = Bind(Command($"SELECT {SummaryColumns} FROM attention_heat WHERE ino = $2"), nowNs, halfLifeNs, inode).ExecuteReader();
            return r.Read() ? ReadSummary(r) : null;
        }
    }

    private static AttentionSummary ReadSummary(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetDouble(1), r.GetInt32(2), r.GetInt64(3), r.GetInt32(4), r.GetInt64(5), r.GetString(6));

    /// <summary>Events at or after <paramref name="sinceNs"/> (UTC ns since the Unix epoch) still kept, oldest first.</summary>
    public List<AttentionRecord> AttentionSince(long sinceNs)
    {
        lock (SyncRoot)
        {
            return ReadAttention(Bind(Command($"SELECT {AttentionColumns} FROM attention WHERE at >= $0 ORDER BY id"), sinceNs));
        }
    }

    /// <summary>Number of events at or after <paramref name="sinceNs"/> still kept.</summary>
    public long CountAttentionSince(long sinceNs)
    {
        lock (SyncRoot)
        {
            return (long)Bind(Command("SELECT COUNT(*) FROM attention WHERE at >= $0"), sinceNs).ExecuteScalar()!;
        }
    }

    private static List<AttentionRecord> ReadAttention(SqliteCommand command)
    {
        var result = new List<AttentionRecord>();
        using var r = command.ExecuteReader();
        while (r.Read()) result.Add(ReadRecord(r));
        return result;
    }

    private static AttentionRecord ReadRecord(SqliteDataReader r) =>
        new(r.GetInt64(1), r.GetInt32(2), new Blake3Hash((byte[])r.GetValue(3)), r.GetInt64(4),
            new Blake3Hash((byte[])r.GetValue(5)), new Blake3Hash((byte[])r.GetValue(6)), r.GetString(7), r.GetInt64(8)) { Id = r.GetInt64(0) };
}

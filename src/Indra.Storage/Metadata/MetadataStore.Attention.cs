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
    /// The rows are inserted up to <see cref="AttentionInsertRows"/> per statement (<see cref="InsertAttentionRows"/>);
    /// the heat is folded per node in memory (<see cref="AttentionHeatRow"/>, the same floating-point steps as one
    /// upsert per event) and written once per node, and a node's player row is inserted at the first open of that
    /// player in the batch (later ones would be ignored). Statements are prepared once and bound by index
    /// (<see cref="PreparedStatement"/>).
    /// </remarks>
    /// <param name="events">The events, in the order they happened (the last one's path becomes the node's path).</param>
    /// <param name="halfLifeNs">Age at which an open counts half, in ns; the same on every call for a vault.</param>
    public void AppendAttention(IReadOnlyList<AttentionRecord> events, double halfLifeNs)
    {
        if (events.Count == 0) return;
        InTransaction(() =>
        {
            FoldAttention(halfLifeNs);
            var heat = new Dictionary<long, AttentionHeatRow>();
            var players = new HashSet<(long Inode, Blake3Hash Player)>();
            var id = 0L;
            for (var start = 0; start < events.Count;)
            {
                var rows = InsertAttentionRows(events, start, out var firstId);
                for (var i = 0; i < rows; i++)
                {
                    var e = events[start + i];
                    id = firstId + i;
                    var newPlayer = e.Kind == 0 && players.Add((e.Inode, e.Player)) && InsertAttentionPlayer(e.Inode, e.Player);
                    if (heat.TryGetValue(e.Inode, out var row) || ReadHeat(e.Inode, out row))
                    {
                        row.Add(e, id, newPlayer, halfLifeNs);
                    }
                    else
                    {
                        row = AttentionHeatRow.First(e, id, newPlayer);
                    }
                    heat[e.Inode] = row;
                }
                start += rows;
            }
            var write = Prepared("""
                INSERT INTO attention_heat(ino, score, scored_at, opens, players, dwell_ms, last_event, path) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT(ino) DO UPDATE SET score = excluded.score, scored_at = excluded.scored_at, opens = excluded.opens, players = excluded.players,
                    dwell_ms = excluded.dwell_ms, last_event = excluded.last_event, path = excluded.path
                """);
            foreach (var (inode, row) in heat)
            {
                write.Bind(1, inode);
                write.Bind(2, row.Score);
                write.Bind(3, row.ScoredAt);
                write.Bind(4, row.Opens);
                write.Bind(5, row.Players);
                write.Bind(6, row.DwellMs);
                write.Bind(7, row.LastEvent);
                write.Bind(8, row.Path);
                write.Execute();
            }
            SetFoldedThrough(id);
        });
    }

    /// <summary>Most event rows one INSERT statement carries (<see cref="InsertAttentionRows"/>): a power of two.</summary>
    internal const int AttentionInsertRows = 64;

    /// <summary>
    /// Inserts the rows of <paramref name="events"/> from <paramref name="start"/> in one statement: the largest power of
    /// two of them up to <see cref="AttentionInsertRows"/>, so each batch uses at most seven prepared statements. A
    /// statement per row cost SQLite a statement's start and end for each event, with the AUTOINCREMENT counter
    /// (<c>sqlite_sequence</c>) read and written every time; a multi-row statement does that once for all its rows.
    /// Caller holds <see cref="SyncRoot"/> inside a transaction.
    /// </summary>
    /// <param name="events">The batch.</param>
    /// <param name="start">Index in <paramref name="events"/> of the first row to insert.</param>
    /// <param name="firstId">The id of the first row inserted: the rows get consecutive ids, since AUTOINCREMENT gives
    /// each new row one more than the largest id the table has held and this connection is its only writer.</param>
    /// <returns>Rows inserted (at least 1).</returns>
    private int InsertAttentionRows(IReadOnlyList<AttentionRecord> events, int start, out long firstId)
    {
        var rows = AttentionInsertRows;
        while (rows > events.Count - start) rows >>= 1;
        var insert = Prepared(AttentionInsertSql[System.Numerics.BitOperations.Log2((uint)rows)]);
        for (var i = 0; i < rows; i++)
        {
            var e = events[start + i];
            var p = i * 8;
            insert.Bind(p + 1, e.AtNs);
            insert.Bind(p + 2, e.Kind);
            insert.Bind(p + 3, e.Player.AsSpan());
            insert.Bind(p + 4, e.Inode);
            insert.Bind(p + 5, e.Artifact.AsSpan());
            insert.Bind(p + 6, e.From.AsSpan());
            insert.Bind(p + 7, e.Path);
            insert.Bind(p + 8, e.DwellMs);
        }
        insert.Execute();
        firstId = insert.LastInsertRowId() - rows + 1;
        return rows;
    }

    /// <summary>The INSERT of 2^k event rows at index k (k = 0 … log2 <see cref="AttentionInsertRows"/>).</summary>
    private static readonly string[] AttentionInsertSql = Enumerable.Range(0, System.Numerics.BitOperations.Log2(AttentionInsertRows) + 1)
        .Select(k => "INSERT INTO attention(at, kind, player, ino, artifact, from_artifact, path, dwell_ms) VALUES"
            + string.Join(", ", Enumerable.Range(0, 1 << k).Select(r => $"(?{r * 8 + 1}, ?{r * 8 + 2}, ?{r * 8 + 3}, ?{r * 8 + 4}, ?{r * 8 + 5}, ?{r * 8 + 6}, ?{r * 8 + 7}, ?{r * 8 + 8})")))
        .ToArray();

    /// <summary>Records that <paramref name="player"/> opened node <paramref name="inode"/>: true when it had not before.</summary>
    private bool InsertAttentionPlayer(long inode, Blake3Hash player)
    {
        var statement = Prepared("INSERT OR IGNORE INTO attention_players(ino, player) VALUES(?1, ?2)");
        statement.Bind(1, inode);
        statement.Bind(2, player.AsSpan());
        return statement.Execute() == 1;
    }

    /// <summary>Node <paramref name="inode"/>'s stored heat row, if it has one.</summary>
    private bool ReadHeat(long inode, out AttentionHeatRow row)
    {
        var statement = Prepared("SELECT score, scored_at, opens, players, dwell_ms FROM attention_heat WHERE ino = ?1");
        statement.Bind(1, inode);
        try
        {
            if (!statement.Step())
            {
                row = default;
                return false;
            }
            row = new AttentionHeatRow
            {
                Score = statement.Double(0),
                ScoredAt = statement.Int64(1),
                Opens = statement.Int64(2),
                Players = statement.Int64(3),
                DwellMs = statement.Int64(4),
                Path = "",
            };
            return true;
        }
        finally
        {
            statement.Reset();
        }
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

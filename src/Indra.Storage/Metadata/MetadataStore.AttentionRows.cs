using System.Numerics;
using Indra.Hashing;

namespace Indra.Storage.Metadata;

/// <summary>
/// The statements <see cref="AppendAttention"/> runs, each carrying many rows or keys: a statement per row paid SQLite
/// a statement's start and end for every event, and for every event row also the AUTOINCREMENT counter's read and write
/// (<c>sqlite_sequence</c>). Every method here runs with <see cref="SyncRoot"/> held, inside the batch's transaction.
/// </summary>
internal sealed partial class MetadataStore
{
    /// <summary>Most rows or keys one of these statements carries: a power of two.</summary>
    internal const int AttentionStatementRows = 64;

    /// <summary>The INSERT of 2^k event rows at index k (k = 0 … log2 <see cref="AttentionStatementRows"/>).</summary>
    private static readonly string[] AttentionInsertSql = Enumerable.Range(0, BitOperations.Log2(AttentionStatementRows) + 1)
        .Select(k => "INSERT INTO attention(at, kind, player, ino, artifact, from_artifact, path, dwell_ms) VALUES "
            + string.Join(", ", Enumerable.Range(0, 1 << k).Select(r => Parameters(r * 8, 8))))
        .ToArray();

    private static readonly string HeatSelectSql = "SELECT ino, score, scored_at, opens, players, dwell_ms FROM attention_heat WHERE ino IN "
        + Parameters(0, AttentionStatementRows);

    private static readonly string PlayerSelectSql = "SELECT ino FROM attention_players WHERE player = ?1 AND ino IN "
        + Parameters(1, AttentionStatementRows);

    private static readonly string PlayerInsertSql = "INSERT OR IGNORE INTO attention_players(ino, player) VALUES "
        + string.Join(", ", Enumerable.Range(0, AttentionStatementRows).Select(r => Parameters(r * 2, 2)));

    private static readonly string HeatWriteSql = "INSERT INTO attention_heat(ino, score, scored_at, opens, players, dwell_ms, last_event, path) VALUES "
        + string.Join(", ", Enumerable.Range(0, AttentionStatementRows).Select(r => Parameters(r * 8, 8)))
        + """
           ON CONFLICT(ino) DO UPDATE SET score = excluded.score, scored_at = excluded.scored_at, opens = excluded.opens,
            players = excluded.players, dwell_ms = excluded.dwell_ms, last_event = excluded.last_event, path = excluded.path
        """;

    /// <summary>"(?n+1, …, ?n+count)".</summary>
    private static string Parameters(int after, int count) => "(" + string.Join(", ", Enumerable.Range(after + 1, count).Select(i => $"?{i}")) + ")";

    /// <summary>
    /// Inserts every row of <paramref name="events"/>, in order, up to <see cref="AttentionStatementRows"/> per statement
    /// (the largest power of two of those left, so a batch uses at most seven prepared statements).
    /// </summary>
    /// <returns>The id of the first row: the rows get consecutive ids, since AUTOINCREMENT gives each new row one more than
    /// the largest id the table has held and this connection is its only writer (checked after each statement).</returns>
    /// <exception cref="InvalidOperationException">The ids were not consecutive (the transaction is rolled back).</exception>
    private long InsertAttentionRows(IReadOnlyList<AttentionRecord> events)
    {
        var firstId = 0L;
        for (var start = 0; start < events.Count;)
        {
            var rows = AttentionStatementRows;
            while (rows > events.Count - start) rows >>= 1;
            var insert = Prepared(AttentionInsertSql[BitOperations.Log2((uint)rows)]);
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
            var first = insert.LastInsertRowId() - rows + 1;
            if (start == 0) firstId = first;
            else if (first != firstId + start) throw new InvalidOperationException($"attention rows got ids from {first}, expected {firstId + start}");
            start += rows;
        }
        return firstId;
    }

    /// <summary>The stored heat rows of <paramref name="nodes"/> (distinct inodes) that have one, by inode; their
    /// <see cref="AttentionHeatRow.Path"/> is empty (the batch's events set it).</summary>
    private Dictionary<long, AttentionHeatRow> ReadHeatRows(List<long> nodes)
    {
        var found = new Dictionary<long, AttentionHeatRow>(nodes.Count);
        var select = Prepared(HeatSelectSql);
        for (var start = 0; start < nodes.Count; start += AttentionStatementRows)
        {
            // Slots past the last node repeat it: an IN list ignores repeats.
            for (var i = 0; i < AttentionStatementRows; i++) select.Bind(i + 1, nodes[Math.Min(start + i, nodes.Count - 1)]);
            try
            {
                while (select.Step())
                {
                    found[select.Int64(0)] = new AttentionHeatRow
                    {
                        Score = select.Double(1),
                        ScoredAt = select.Int64(2),
                        Opens = select.Int64(3),
                        Players = select.Int64(4),
                        DwellMs = select.Int64(5),
                        Path = "",
                    };
                }
            }
            finally
            {
                select.Reset();
            }
        }
        return found;
    }

    /// <summary>
    /// Records that each (node, player) of <paramref name="opened"/> (distinct pairs) opened the node.
    /// </summary>
    /// <returns>The pairs that had no row before: the node's first open by that player.</returns>
    private HashSet<(long Inode, Blake3Hash Player)> InsertAttentionPlayers(List<(long Inode, Blake3Hash Player)> opened)
    {
        var missing = new HashSet<(long, Blake3Hash)>();
        var select = Prepared(PlayerSelectSql);
        foreach (var group in opened.GroupBy(o => o.Player))
        {
            var inodes = group.Select(o => o.Inode).ToList();
            var known = new HashSet<long>();
            for (var start = 0; start < inodes.Count; start += AttentionStatementRows)
            {
                select.Bind(1, group.Key.AsSpan());
                for (var i = 0; i < AttentionStatementRows; i++) select.Bind(i + 2, inodes[Math.Min(start + i, inodes.Count - 1)]);
                try
                {
                    while (select.Step()) known.Add(select.Int64(0));
                }
                finally
                {
                    select.Reset();
                }
            }
            foreach (var inode in inodes.Where(i => !known.Contains(i))) missing.Add((inode, group.Key));
        }
        var pairs = missing.ToList();
        var insert = Prepared(PlayerInsertSql);
        for (var start = 0; start < pairs.Count; start += AttentionStatementRows)
        {
            // Rows past the last pair repeat it: OR IGNORE drops repeats.
            for (var i = 0; i < AttentionStatementRows; i++)
            {
                var (inode, player) = pairs[Math.Min(start + i, pairs.Count - 1)];
                insert.Bind(i * 2 + 1, inode);
                insert.Bind(i * 2 + 2, player.AsSpan());
            }
            insert.Execute();
        }
        return missing;
    }

    /// <summary>Writes the heat row of each of <paramref name="nodes"/> from <paramref name="heat"/>, inserted or replacing
    /// the stored one.</summary>
    private void WriteHeatRows(List<long> nodes, Dictionary<long, AttentionHeatRow> heat)
    {
        var write = Prepared(HeatWriteSql);
        for (var start = 0; start < nodes.Count; start += AttentionStatementRows)
        {
            // Rows past the last node repeat it: the repeat updates the row to the same values.
            for (var i = 0; i < AttentionStatementRows; i++)
            {
                var inode = nodes[Math.Min(start + i, nodes.Count - 1)];
                var row = heat[inode];
                var p = i * 8;
                write.Bind(p + 1, inode);
                write.Bind(p + 2, row.Score);
                write.Bind(p + 3, row.ScoredAt);
                write.Bind(p + 4, row.Opens);
                write.Bind(p + 5, row.Players);
                write.Bind(p + 6, row.DwellMs);
                write.Bind(p + 7, row.LastEvent);
                write.Bind(p + 8, row.Path);
            }
            write.Execute();
        }
    }
}

using Indra.Hashing;
using Microsoft.Data.Sqlite;

namespace Indra.Storage.Metadata;

public sealed partial class MetadataStore
{
    private const string AttentionColumns = "id, at, kind, player, ino, artifact, from_artifact, path, dwell_ms";

    /// <summary>Appends a batch of attention events in one transaction.</summary>
    public void AppendAttention(IReadOnlyList<AttentionRecord> events)
    {
        if (events.Count == 0) return;
        InTransaction(() =>
        {
            foreach (var e in events)
            {
                Bind(Command("INSERT INTO attention(at, kind, player, ino, artifact, from_artifact, path, dwell_ms) VALUES($0, $1, $2, $3, $4, $5, $6, $7)"),
                    e.AtNs, e.Kind, e.Player.ToArray(), e.Inode, e.Artifact.ToArray(), e.From.ToArray(), e.Path, e.DwellMs).ExecuteNonQuery();
            }
        });
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

    private const string SummaryColumns = """
        ino, SUM(CASE WHEN kind = 0 THEN indra_decay($0 - at, $1) ELSE 0 END) AS score,
        COUNT(DISTINCT CASE WHEN kind = 0 THEN player END), SUM(CASE WHEN kind = 0 THEN 0 ELSE dwell_ms END),
        SUM(kind = 0), MAX(id)
        """;

    /// <summary>
    /// The <paramref name="limit"/> nodes with the highest heat score, highest first (ties by inode), summed up in
    /// SQLite: memory is <paramref name="limit"/> summaries whatever the history holds; time is one pass over it.
    /// </summary>
    /// <param name="nowNs">Now, UTC ns since the Unix epoch.</param>
    /// <param name="halfLifeNs">Age at which an event counts half, in ns.</param>
    /// <param name="limit">Most nodes returned.</param>
    public List<AttentionSummary> SummarizeAttention(long nowNs, double halfLifeNs, int limit)
    {
        lock (SyncRoot)
        {
            var result = new List<AttentionSummary>();
            using var r = Bind(Command($"SELECT {SummaryColumns} FROM attention GROUP BY ino ORDER BY score DESC, ino LIMIT $2"), nowNs, halfLifeNs, limit).ExecuteReader();
            while (r.Read()) result.Add(ReadSummary(r));
            return result;
        }
    }

    /// <summary>One node's summary (see <see cref="SummarizeAttention(long, double, int)"/>), or null without events.</summary>
    public AttentionSummary? SummarizeAttention(long inode, long nowNs, double halfLifeNs)
    {
        lock (SyncRoot)
        {
            using var r = Bind(Command($"SELECT {SummaryColumns} FROM attention WHERE ino = $2"), nowNs, halfLifeNs, inode).ExecuteReader();
            return r.Read() && !r.IsDBNull(0) ? ReadSummary(r) : null;
        }
    }

    /// <summary>The path recorded with event <paramref name="eventId"/>, or null.</summary>
    public string? AttentionPath(long eventId)
    {
        lock (SyncRoot)
        {
            return Bind(Command("SELECT path FROM attention WHERE id = $0"), eventId).ExecuteScalar() as string;
        }
    }

    private static AttentionSummary ReadSummary(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetDouble(1), r.GetInt32(2), r.GetInt64(3), r.GetInt32(4), r.GetInt64(5));

    /// <summary>Events at or after <paramref name="sinceNs"/> (UTC ns since the Unix epoch), oldest first.</summary>
    public List<AttentionRecord> AttentionSince(long sinceNs)
    {
        lock (SyncRoot)
        {
            return ReadAttention(Bind(Command($"SELECT {AttentionColumns} FROM attention WHERE at >= $0 ORDER BY id"), sinceNs));
        }
    }

    /// <summary>Number of events at or after <paramref name="sinceNs"/>.</summary>
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

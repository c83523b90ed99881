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
        while (r.Read())
        {
            result.Add(new AttentionRecord(r.GetInt64(1), r.GetInt32(2), new Blake3Hash((byte[])r.GetValue(3)), r.GetInt64(4),
                new Blake3Hash((byte[])r.GetValue(5)), new Blake3Hash((byte[])r.GetValue(6)), r.GetString(7), r.GetInt64(8)) { Id = r.GetInt64(0) });
        }
        return result;
    }
}

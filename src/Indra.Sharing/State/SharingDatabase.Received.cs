using Indra.Engine.Domain;
using Indra.Hashing;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.State;

public sealed partial class SharingDatabase
{
    private const string ReceivedColumns = "peer_id, grant_id, path, is_dir, size, artifact, modified_ns, mode, expires_ns, steward, blocks, audience, retained";

    /// <summary>Every received entry.</summary>
    public IReadOnlyList<ReceivedEntry> ListReceived() => Query($"SELECT {ReceivedColumns} FROM received ORDER BY peer_id, path", ReadReceived);

    /// <summary>Replaces the entries of one grant from one peer (inside a transaction the caller may hold).</summary>
    public void ReplaceGrantEntries(PlayerId peer, string grantId, IReadOnlyList<ReceivedEntry> entries)
    {
        InTransaction(() =>
        {
            Execute("DELETE FROM received WHERE peer_id = $0 AND grant_id = $1", Hex(peer), grantId);
            foreach (var e in entries)
            {
                Execute($"INSERT INTO received({ReceivedColumns}) VALUES($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    Hex(peer), grantId, e.Path, e.IsDirectory ? 1 : 0, e.Size, Hex(e.ArtifactId), e.ModifiedNs, e.Mode.ToString(), e.ExpiresNs,
                    Hex(e.Steward), EncodeBlocks(e.Blocks), string.Join(',', e.Audience.Select(Hex)), e.Retained ? 1 : 0);
            }
        });
    }

    /// <summary>Forgets the entries of one grant from one peer.</summary>
    public void DeleteGrantEntries(PlayerId peer, string grantId) =>
        Execute("DELETE FROM received WHERE peer_id = $0 AND grant_id = $1", Hex(peer), grantId);

    /// <summary>Keeps the entries of a recalled permanent grant (no longer updated).</summary>
    public void RetainGrantEntries(PlayerId peer, string grantId) =>
        Execute("UPDATE received SET retained = 1 WHERE peer_id = $0 AND grant_id = $1", Hex(peer), grantId);

    /// <summary>Deletes timed entries whose expiry has passed.</summary>
    /// <returns>How many were deleted.</returns>
    public int DeleteExpired(long nowNs) => Execute("DELETE FROM received WHERE mode = 'Timed' AND expires_ns <= $0", nowNs);

    /// <summary>True when we already took stewardship of transfer grant <paramref name="grantId"/>.</summary>
    public bool TransferTaken(string grantId) => Scalar<long>("SELECT COUNT(*) FROM transfers_taken WHERE grant_id = $0", grantId) > 0;

    /// <summary>Records that transfer grant <paramref name="grantId"/> landed at <paramref name="localPath"/> (relative to /vault).</summary>
    public void RecordTransfer(string grantId, PlayerId peer, string localPath, long nowNs) =>
        Execute("INSERT OR IGNORE INTO transfers_taken(grant_id, peer_id, local_path, taken_ns) VALUES($0, $1, $2, $3)", grantId, Hex(peer), localPath, nowNs);

    private static ReceivedEntry ReadReceived(SqliteDataReader r)
    {
        var audience = r.GetString(11);
        return new ReceivedEntry(
            PlayerId.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0, r.GetInt64(4), Blake3Hash.Parse(r.GetString(5)),
            r.GetInt64(6), Enum.Parse<AccessMode>(r.GetString(7)), r.GetInt64(8), PlayerId.Parse(r.GetString(9)), DecodeBlocks((byte[])r.GetValue(10)),
            audience.Length == 0 ? [] : audience.Split(',').Select(PlayerId.Parse).ToList(), r.GetInt64(12) != 0);
    }
}

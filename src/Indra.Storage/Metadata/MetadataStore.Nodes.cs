using Indra.Hashing;
using Microsoft.Data.Sqlite;

namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    private const string NodeColumns = "ino, kind, mode, uid, gid, nlink, size, atime, mtime, ctime, btime, artifact, type_tag, next_position, rdev";

    /// <summary>Reads node <paramref name="inode"/>, or null when it does not exist.</summary>
    public NodeRecord? GetNode(long inode)
    {
        lock (SyncRoot)
        {
            using var reader = Bind(Command($"SELECT {NodeColumns} FROM nodes WHERE ino = $0"), inode).ExecuteReader();
            return reader.Read() ? ReadNode(reader) : null;
        }
    }

    /// <summary>
    /// Inserts <paramref name="node"/>; when its <see cref="NodeRecord.Inode"/> is 0 a new inode number is allocated
    /// (never reused) and stored into it.
    /// </summary>
    /// <returns>The node's inode number.</returns>
    public long InsertNode(NodeRecord node)
    {
        lock (SyncRoot)
        {
            var command = Command($"INSERT INTO nodes({NodeColumns}) VALUES(NULLIF($0, 0), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ino");
            node.Inode = (long)Bind(command, NodeValues(node)).ExecuteScalar()!;
            AllocatedElsewhere(node.Inode);
            return node.Inode;
        }
    }

    /// <summary>Writes every column of <paramref name="node"/>.</summary>
    public void UpdateNode(NodeRecord node)
    {
        lock (SyncRoot)
        {
            var command = Command("UPDATE nodes SET kind=$1, mode=$2, uid=$3, gid=$4, nlink=$5, size=$6, atime=$7, mtime=$8, ctime=$9, btime=$10, artifact=$11, type_tag=$12, next_position=$13, rdev=$14 WHERE ino=$0");
            Bind(command, NodeValues(node)).ExecuteNonQuery();
        }
    }

    /// <summary>Deletes node <paramref name="inode"/> and its extended attributes (its leaf reference is the caller's to release).</summary>
    public void DeleteNode(long inode)
    {
        lock (SyncRoot)
        {
            Bind(Command("DELETE FROM nodes WHERE ino = $0"), inode).ExecuteNonQuery();
            Bind(Command("DELETE FROM xattrs WHERE ino = $0"), inode).ExecuteNonQuery();
        }
    }

    /// <summary>Nodes that no reference names (left by a crash between unlink and the last close).</summary>
    public IReadOnlyList<NodeRecord> FindOrphanNodes(long exceptInode)
    {
        lock (SyncRoot)
        {
            var result = new List<NodeRecord>();
            using var reader = Bind(Command($"SELECT {NodeColumns} FROM nodes n WHERE ino <> $0 AND NOT EXISTS (SELECT 1 FROM refs r WHERE r.child = n.ino)"), exceptInode).ExecuteReader();
            while (reader.Read()) result.Add(ReadNode(reader));
            return result;
        }
    }

    /// <summary>Counts nodes by kind: (files, symlinks and special files; directories).</summary>
    public (long Leaves, long Trees) CountNodes()
    {
        lock (SyncRoot)
        {
            using var reader = Command("SELECT SUM(kind <> 1), SUM(kind = 1) FROM nodes").ExecuteReader();
            reader.Read();
            return (reader.IsDBNull(0) ? 0 : reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
        }
    }

    private static object?[] NodeValues(NodeRecord n) =>
    [
        n.Inode, n.Kind, (long)n.Mode, (long)n.Uid, (long)n.Gid, (long)n.LinkCount, n.Size,
        n.AccessTimeNs, n.ModifyTimeNs, n.ChangeTimeNs, n.BirthTimeNs, n.ArtifactId.ToArray(), n.TypeTag, n.NextPosition, (long)n.DeviceNumber,
    ];

    private static NodeRecord ReadNode(SqliteDataReader r, int o = 0) => new()
    {
        Inode = r.GetInt64(o + 0),
        Kind = r.GetInt32(o + 1),
        Mode = (uint)r.GetInt64(o + 2),
        Uid = (uint)r.GetInt64(o + 3),
        Gid = (uint)r.GetInt64(o + 4),
        LinkCount = (uint)r.GetInt64(o + 5),
        Size = r.GetInt64(o + 6),
        AccessTimeNs = r.GetInt64(o + 7),
        ModifyTimeNs = r.GetInt64(o + 8),
        ChangeTimeNs = r.GetInt64(o + 9),
        BirthTimeNs = r.GetInt64(o + 10),
        ArtifactId = new Blake3Hash((byte[])r.GetValue(o + 11)),
        TypeTag = string.Intern(r.GetString(o + 12)), // a handful of type names: one copy each, not one per loaded node
        NextPosition = r.GetInt64(o + 13),
        DeviceNumber = (ulong)r.GetInt64(o + 14),
    };
}

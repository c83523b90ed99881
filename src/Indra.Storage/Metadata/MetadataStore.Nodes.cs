using Indra.Hashing;

namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    private const string NodeColumns = "ino, kind, mode, uid, gid, nlink, size, atime, mtime, ctime, btime, artifact, type_tag, next_position, rdev";

    /// <summary>Reads node <paramref name="inode"/>, or null when it does not exist.</summary>
    public NodeRecord? GetNode(long inode)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue($"SELECT {NodeColumns} FROM nodes WHERE ino = ?1");
            select.Bind(1, inode);
            try
            {
                return select.Step() ? ReadNode(select) : null;
            }
            finally
            {
                select.Reset();
            }
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
            var insert = PreparedAfterQueue($"INSERT INTO nodes({NodeColumns}) VALUES(NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING ino");
            BindNode(insert, node);
            node.Inode = insert.ScalarInt64()!.Value;
            AllocatedElsewhere(node.Inode);
            return node.Inode;
        }
    }

    /// <summary>Writes every column of <paramref name="node"/>.</summary>
    public void UpdateNode(NodeRecord node)
    {
        lock (SyncRoot)
        {
            var update = PreparedAfterQueue("UPDATE nodes SET kind=?2, mode=?3, uid=?4, gid=?5, nlink=?6, size=?7, atime=?8, mtime=?9, ctime=?10, btime=?11, artifact=?12, type_tag=?13, next_position=?14, rdev=?15 WHERE ino=?1");
            BindNode(update, node);
            update.Execute();
        }
    }

    /// <summary>Deletes node <paramref name="inode"/> and its extended attributes (its leaf reference is the caller's to release).</summary>
    public void DeleteNode(long inode)
    {
        lock (SyncRoot)
        {
            var node = PreparedAfterQueue("DELETE FROM nodes WHERE ino = ?1");
            node.Bind(1, inode);
            node.Execute();
            var xattrs = Prepared("DELETE FROM xattrs WHERE ino = ?1");
            xattrs.Bind(1, inode);
            xattrs.Execute();
        }
    }

    /// <summary>Nodes that no reference names (left by a crash between unlink and the last close).</summary>
    public IReadOnlyList<NodeRecord> FindOrphanNodes(long exceptInode)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue($"SELECT {NodeColumns} FROM nodes n WHERE ino <> ?1 AND NOT EXISTS (SELECT 1 FROM refs r WHERE r.child = n.ino)");
            select.Bind(1, exceptInode);
            return select.Rows(r => ReadNode(r));
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

    /// <summary>Binds <paramref name="n"/>'s columns, in <see cref="NodeColumns"/>' order, to ?1 … ?15.</summary>
    private static void BindNode(PreparedStatement statement, NodeRecord n)
    {
        statement.Bind(1, n.Inode);
        statement.Bind(2, n.Kind);
        statement.Bind(3, n.Mode);
        statement.Bind(4, n.Uid);
        statement.Bind(5, n.Gid);
        statement.Bind(6, n.LinkCount);
        statement.Bind(7, n.Size);
        statement.Bind(8, n.AccessTimeNs);
        statement.Bind(9, n.ModifyTimeNs);
        statement.Bind(10, n.ChangeTimeNs);
        statement.Bind(11, n.BirthTimeNs);
        statement.Bind(12, n.ArtifactId.AsSpan());
        statement.Bind(13, n.TypeTag);
        statement.Bind(14, n.NextPosition);
        statement.Bind(15, (long)n.DeviceNumber);
    }

    /// <summary>A node from the current row of <paramref name="r"/>, whose columns from <paramref name="o"/> on are <see cref="NodeColumns"/>.</summary>
    private static NodeRecord ReadNode(PreparedStatement r, int o = 0) => new()
    {
        Inode = r.Int64(o + 0),
        Kind = (int)r.Int64(o + 1),
        Mode = (uint)r.Int64(o + 2),
        Uid = (uint)r.Int64(o + 3),
        Gid = (uint)r.Int64(o + 4),
        LinkCount = (uint)r.Int64(o + 5),
        Size = r.Int64(o + 6),
        AccessTimeNs = r.Int64(o + 7),
        ModifyTimeNs = r.Int64(o + 8),
        ChangeTimeNs = r.Int64(o + 9),
        BirthTimeNs = r.Int64(o + 10),
        ArtifactId = new Blake3Hash(r.Blob(o + 11)),
        TypeTag = string.Intern(r.Text(o + 12)), // a handful of type names: one copy each, not one per loaded node
        NextPosition = r.Int64(o + 13),
        DeviceNumber = (ulong)r.Int64(o + 14),
    };
}

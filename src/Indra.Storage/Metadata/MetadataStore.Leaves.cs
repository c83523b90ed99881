using Indra.Hashing;

namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    /// <summary>The blocks of leaf <paramref name="leaf"/> in order (empty for an empty file or an unknown leaf).</summary>
    public List<LeafBlockRow> GetLeafBlocks(Blake3Hash leaf)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue("SELECT idx, block, size, cv FROM leaf_blocks WHERE leaf = ?1 ORDER BY idx");
            select.Bind(1, leaf.AsSpan());
            return select.Rows(r =>
            {
                ChainingValue? cv = r.IsNull(3) ? null : new ChainingValue(r.Blob(3));
                return new LeafBlockRow(r.Int64(0), new Blake3Hash(r.Blob(1)), (int)r.Int64(2), cv);
            });
        }
    }

    /// <summary>True when leaf <paramref name="leaf"/> is stored.</summary>
    public bool LeafExists(Blake3Hash leaf)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue("SELECT 1 FROM leaves WHERE id = ?1");
            select.Bind(1, leaf.AsSpan());
            return select.Any();
        }
    }

    /// <summary>
    /// Takes one reference on leaf <paramref name="leaf"/>. A new leaf is inserted with <paramref name="blocks"/>, and
    /// each of its blocks gains one reference (a block row is created on first use). Call inside a transaction.
    /// </summary>
    /// <returns>True when the leaf was new.</returns>
    public bool AcquireLeaf(Blake3Hash leaf, long size, int blockSize, IReadOnlyList<LeafBlockRow> blocks)
    {
        lock (SyncRoot)
        {
            // One statement either way: a stored leaf (its row's count is at least 1: a release deletes the row at 0)
            // counts 2 or more after it, a new one 1.
            var acquire = PreparedAfterQueue("""
                INSERT INTO leaves(id, size, block_size, refcount) VALUES(?1, ?2, ?3, 1)
                ON CONFLICT(id) DO UPDATE SET refcount = refcount + 1 RETURNING refcount
                """);
            acquire.Bind(1, leaf.AsSpan());
            acquire.Bind(2, size);
            acquire.Bind(3, blockSize);
            if (acquire.ScalarInt64() > 1) return false;
            if (blocks.Count == 0) return true;
            var listed = Prepared("INSERT INTO leaf_blocks(leaf, idx, block, size, cv) VALUES(?1, ?2, ?3, ?4, ?5)");
            var counted = Prepared("INSERT INTO blocks(hash, size, refcount) VALUES(?1, ?2, 1) ON CONFLICT(hash) DO UPDATE SET refcount = refcount + 1");
            listed.Bind(1, leaf.AsSpan());
            foreach (var block in blocks)
            {
                listed.Bind(2, block.Index);
                listed.Bind(3, block.Hash.AsSpan());
                listed.Bind(4, block.Size);
                if (block.ChainingValue is { } cv) listed.Bind(5, cv.AsSpan());
                else listed.BindNull(5);
                listed.Execute();
                counted.Bind(1, block.Hash.AsSpan());
                counted.Bind(2, block.Size);
                counted.Execute();
            }
            return true;
        }
    }

    /// <summary>
    /// Drops one reference on leaf <paramref name="leaf"/>; at zero the leaf and its block list go, and blocks left
    /// without references are removed from the table and returned (the caller deletes their files). Call inside a
    /// transaction.
    /// </summary>
    public List<Blake3Hash> ReleaseLeaf(Blake3Hash leaf)
    {
        lock (SyncRoot)
        {
            var dead = new List<Blake3Hash>();
            var release = PreparedAfterQueue("UPDATE leaves SET refcount = refcount - 1 WHERE id = ?1 RETURNING refcount");
            release.Bind(1, leaf.AsSpan());
            if (release.ScalarInt64() is not { } count || count > 0) return dead;
            var listed = Prepared("SELECT block FROM leaf_blocks WHERE leaf = ?1");
            listed.Bind(1, leaf.AsSpan());
            var blocks = listed.Rows(r => new Blake3Hash(r.Blob(0)));
            foreach (var sql in LeafDeletes)
            {
                var delete = Prepared(sql);
                delete.Bind(1, leaf.AsSpan());
                delete.Execute();
            }
            var uncount = Prepared("UPDATE blocks SET refcount = refcount - 1 WHERE hash = ?1");
            var drop = Prepared("DELETE FROM blocks WHERE hash = ?1 AND refcount <= 0");
            foreach (var hash in blocks)
            {
                uncount.Bind(1, hash.AsSpan());
                uncount.Execute();
                drop.Bind(1, hash.AsSpan());
                if (drop.Execute() > 0) dead.Add(hash);
            }
            return dead;
        }
    }

    /// <summary>What a leaf's last release deletes: its block list, its row, its provisional mark.</summary>
    private static readonly string[] LeafDeletes =
    [
        "DELETE FROM leaf_blocks WHERE leaf = ?1",
        "DELETE FROM leaves WHERE id = ?1",
        "DELETE FROM pending_leaves WHERE id = ?1",
    ];

    /// <summary>
    /// Records that leaf <paramref name="leaf"/> has a provisional id (its holes are still being hashed), so a later
    /// mount hashes it again if this one stops first. Call inside the transaction that acquires the leaf.
    /// </summary>
    public void AddPendingLeaf(Blake3Hash leaf)
    {
        lock (SyncRoot)
        {
            var insert = PreparedAfterQueue("INSERT OR IGNORE INTO pending_leaves(id) VALUES(?1)");
            insert.Bind(1, leaf.AsSpan());
            insert.Execute();
        }
    }

    /// <summary>Leaves whose ids are provisional, with their sizes in bytes.</summary>
    public List<(Blake3Hash Id, long Size)> ListPendingLeaves()
    {
        lock (SyncRoot)
        {
            var result = new List<(Blake3Hash, long)>();
            using var reader = Command("SELECT p.id, l.size FROM pending_leaves p JOIN leaves l ON l.id = p.id").ExecuteReader();
            while (reader.Read()) result.Add((new Blake3Hash((byte[])reader.GetValue(0)), reader.GetInt64(1)));
            return result;
        }
    }

    /// <summary>
    /// Gives leaf <paramref name="provisional"/> its real id <paramref name="real"/>: nodes, the leaf row and its
    /// block list move to the real id; when a leaf with that id exists already, the two merge (references add up and
    /// the provisional copy's block references are dropped). Call inside a transaction. Nothing happens when the
    /// provisional leaf is gone (released meanwhile).
    /// </summary>
    /// <returns>Blocks left without references (the caller deletes their files after the commit).</returns>
    public List<Blake3Hash> RekeyLeaf(Blake3Hash provisional, Blake3Hash real)
    {
        lock (SyncRoot)
        {
            var from = provisional.ToArray();
            var to = real.ToArray();
            Bind(Command("DELETE FROM pending_leaves WHERE id = $0"), from).ExecuteNonQuery();
            if (Bind(Command("SELECT refcount FROM leaves WHERE id = $0"), from).ExecuteScalar() is not long references) return [];
            Bind(Command("UPDATE nodes SET artifact = $1 WHERE artifact = $0"), from, to).ExecuteNonQuery();
            if (Bind(Command("UPDATE leaves SET refcount = refcount + $1 WHERE id = $0"), to, references).ExecuteNonQuery() == 0)
            {
                Bind(Command("UPDATE leaves SET id = $1 WHERE id = $0"), from, to).ExecuteNonQuery();
                Bind(Command("UPDATE leaf_blocks SET leaf = $1 WHERE leaf = $0"), from, to).ExecuteNonQuery();
                return [];
            }
            Bind(Command("UPDATE leaves SET refcount = 1 WHERE id = $0"), from).ExecuteNonQuery();
            return ReleaseLeaf(provisional);
        }
    }

    /// <summary>Reference count of a leaf (0 when absent).</summary>
    public long LeafReferenceCount(Blake3Hash leaf)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue("SELECT refcount FROM leaves WHERE id = ?1");
            select.Bind(1, leaf.AsSpan());
            return select.ScalarInt64() ?? 0;
        }
    }

    /// <summary>Reference count of a block (0 when absent).</summary>
    public long BlockReferenceCount(Blake3Hash block)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue("SELECT refcount FROM blocks WHERE hash = ?1");
            select.Bind(1, block.AsSpan());
            return select.ScalarInt64() ?? 0;
        }
    }

    /// <summary>Stored blocks and their total size in bytes.</summary>
    public (long Count, long Bytes) BlockTotals()
    {
        lock (SyncRoot)
        {
            using var reader = Command("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM blocks").ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    /// <summary>Every block the metadata references, with its size in bytes.</summary>
    public List<(Blake3Hash Hash, long Size, long RefCount)> ListBlocks()
    {
        lock (SyncRoot)
        {
            var result = new List<(Blake3Hash, long, long)>();
            using var reader = Command("SELECT hash, size, refcount FROM blocks").ExecuteReader();
            while (reader.Read()) result.Add((new Blake3Hash((byte[])reader.GetValue(0)), reader.GetInt64(1), reader.GetInt64(2)));
            return result;
        }
    }
}

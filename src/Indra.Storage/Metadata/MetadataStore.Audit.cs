using Indra.Hashing;

namespace Indra.Storage.Metadata;

/// <summary>Whole-table reads and raw fixes used by fsck and gc (not for the hot path).</summary>
internal sealed partial class MetadataStore
{
    /// <summary>Every node.</summary>
    public List<NodeRecord> ListNodes()
    {
        lock (SyncRoot)
        {
            return PreparedAfterQueue($"SELECT {NodeColumns} FROM nodes").Rows(r => ReadNode(r));
        }
    }

    /// <summary>Every reference.</summary>
    public List<RefRecord> ListAllRefs()
    {
        lock (SyncRoot)
        {
            var result = new List<RefRecord>();
            using var reader = Command("SELECT parent, label, position, child FROM refs").ExecuteReader();
            while (reader.Read()) result.Add(new RefRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            return result;
        }
    }

    /// <summary>Every leaf: id, size in bytes, block size in bytes, reference count.</summary>
    public List<(Blake3Hash Id, long Size, int BlockSize, long RefCount)> ListLeaves()
    {
        lock (SyncRoot)
        {
            var result = new List<(Blake3Hash, long, int, long)>();
            using var reader = Command("SELECT id, size, block_size, refcount FROM leaves").ExecuteReader();
            while (reader.Read()) result.Add((new Blake3Hash((byte[])reader.GetValue(0)), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt64(3)));
            return result;
        }
    }

    /// <summary>How many leaf block entries name each block.</summary>
    public Dictionary<Blake3Hash, long> CountBlockUses()
    {
        lock (SyncRoot)
        {
            var result = new Dictionary<Blake3Hash, long>();
            using var reader = Command("SELECT block, COUNT(*) FROM leaf_blocks GROUP BY block").ExecuteReader();
            while (reader.Read()) result[new Blake3Hash((byte[])reader.GetValue(0))] = reader.GetInt64(1);
            return result;
        }
    }

    /// <summary>
    /// Blocks named by their chaining value at their position (a leaf row whose chaining value equals its block name;
    /// docs/blocks.md), each with the block index it is named at.
    /// </summary>
    public Dictionary<Blake3Hash, long> PositionalBlocks()
    {
        lock (SyncRoot)
        {
            var result = new Dictionary<Blake3Hash, long>();
            using var reader = Command("SELECT block, MIN(idx) FROM leaf_blocks WHERE cv = block GROUP BY block").ExecuteReader();
            while (reader.Read()) result[new Blake3Hash((byte[])reader.GetValue(0))] = reader.GetInt64(1);
            return result;
        }
    }

    /// <summary>Sets a leaf's reference count.</summary>
    public void SetLeafReferenceCount(Blake3Hash leaf, long count)
    {
        lock (SyncRoot)
        {
            Bind(Command("UPDATE leaves SET refcount = $1 WHERE id = $0"), leaf.ToArray(), count).ExecuteNonQuery();
        }
    }

    /// <summary>Sets a block's reference count, creating the row if needed.</summary>
    public void SetBlockReferenceCount(Blake3Hash block, long size, long count)
    {
        lock (SyncRoot)
        {
            Bind(Command("INSERT INTO blocks(hash, size, refcount) VALUES($0, $1, $2) ON CONFLICT(hash) DO UPDATE SET refcount = excluded.refcount"), block.ToArray(), size, count).ExecuteNonQuery();
        }
    }

    /// <summary>Removes a block row.</summary>
    public void DeleteBlockRow(Blake3Hash block)
    {
        lock (SyncRoot)
        {
            Bind(Command("DELETE FROM blocks WHERE hash = $0"), block.ToArray()).ExecuteNonQuery();
        }
    }

    /// <summary>Removes a leaf and its block list (not the blocks).</summary>
    public void DeleteLeaf(Blake3Hash leaf)
    {
        lock (SyncRoot)
        {
            Bind(Command("DELETE FROM leaf_blocks WHERE leaf = $0"), leaf.ToArray()).ExecuteNonQuery();
            Bind(Command("DELETE FROM leaves WHERE id = $0"), leaf.ToArray()).ExecuteNonQuery();
        }
    }
}

namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    /// <summary>The reference labelled <paramref name="label"/> in tree <paramref name="parent"/>, or null.</summary>
    public RefRecord? GetRef(long parent, string label)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue("SELECT position, child FROM refs WHERE parent = ?1 AND label = ?2");
            select.Bind(1, parent);
            select.Bind(2, label);
            try
            {
                return select.Step() ? new RefRecord(parent, label, select.Int64(0), select.Int64(1)) : null;
            }
            finally
            {
                select.Reset();
            }
        }
    }

    /// <summary>All references of tree <paramref name="parent"/> in position order.</summary>
    public List<RefRecord> ListRefs(long parent)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue("SELECT label, position, child FROM refs WHERE parent = ?1 ORDER BY position");
            select.Bind(1, parent);
            return select.Rows(r => new RefRecord(parent, r.Text(0), r.Int64(1), r.Int64(2)));
        }
    }

    /// <summary>References that target node <paramref name="child"/> (its hard links; one for a directory).</summary>
    public List<RefRecord> RefsTo(long child)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue("SELECT parent, label, position FROM refs WHERE child = ?1");
            select.Bind(1, child);
            return select.Rows(r => new RefRecord(r.Int64(0), r.Text(1), r.Int64(2), child));
        }
    }

    /// <summary>Adds a reference.</summary>
    public void InsertRef(RefRecord reference)
    {
        lock (SyncRoot)
        {
            var insert = PreparedAfterQueue("INSERT INTO refs(parent, label, position, child) VALUES(?1, ?2, ?3, ?4)");
            insert.Bind(1, reference.Parent);
            insert.Bind(2, reference.Label);
            insert.Bind(3, reference.Position);
            insert.Bind(4, reference.Child);
            insert.Execute();
        }
    }

    /// <summary>Removes the reference labelled <paramref name="label"/> from tree <paramref name="parent"/>.</summary>
    public void DeleteRef(long parent, string label)
    {
        lock (SyncRoot)
        {
            var delete = PreparedAfterQueue("DELETE FROM refs WHERE parent = ?1 AND label = ?2");
            delete.Bind(1, parent);
            delete.Bind(2, label);
            delete.Execute();
        }
    }

    /// <summary>
    /// Moves the reference labelled <paramref name="label"/> in tree <paramref name="parent"/> to
    /// <paramref name="moved"/>'s tree, label and position in one statement (a rename); inserts
    /// <paramref name="moved"/> when there was no such reference. The target label must be free.
    /// </summary>
    public void MoveRef(long parent, string label, RefRecord moved)
    {
        lock (SyncRoot)
        {
            var update = PreparedAfterQueue("UPDATE refs SET parent = ?3, label = ?4, position = ?5, child = ?6 WHERE parent = ?1 AND label = ?2");
            update.Bind(1, parent);
            update.Bind(2, label);
            update.Bind(3, moved.Parent);
            update.Bind(4, moved.Label);
            update.Bind(5, moved.Position);
            update.Bind(6, moved.Child);
            if (update.Execute() == 0) InsertRef(moved);
        }
    }

    /// <summary>Number of references in tree <paramref name="parent"/>.</summary>
    public long CountRefs(long parent)
    {
        lock (SyncRoot)
        {
            var count = PreparedAfterQueue("SELECT COUNT(*) FROM refs WHERE parent = ?1");
            count.Bind(1, parent);
            return count.ScalarInt64() ?? 0;
        }
    }
}

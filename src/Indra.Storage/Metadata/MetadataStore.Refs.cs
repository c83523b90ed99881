namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    /// <summary>The reference labelled <paramref name="label"/> in tree <paramref name="parent"/>, or null.</summary>
    public RefRecord? GetRef(long parent, string label)
    {
        lock (SyncRoot)
        {
            using var reader = Bind(Command("SELECT position, child FROM refs WHERE parent = $0 AND label = $1"), parent, label).ExecuteReader();
            return reader.Read() ? new RefRecord(parent, label, reader.GetInt64(0), reader.GetInt64(1)) : null;
        }
    }

    /// <summary>All references of tree <paramref name="parent"/> in position order.</summary>
    public List<RefRecord> ListRefs(long parent)
    {
        lock (SyncRoot)
        {
            var result = new List<RefRecord>();
            using var reader = Bind(Command("SELECT label, position, child FROM refs WHERE parent = $0 ORDER BY position"), parent).ExecuteReader();
            while (reader.Read()) result.Add(new RefRecord(parent, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            return result;
        }
    }

    /// <summary>References that target node <paramref name="child"/> (its hard links; one for a directory).</summary>
    public List<RefRecord> RefsTo(long child)
    {
        lock (SyncRoot)
        {
            var result = new List<RefRecord>();
            using var reader = Bind(Command("SELECT parent, label, position FROM refs WHERE child = $0"), child).ExecuteReader();
            while (reader.Read()) result.Add(new RefRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), child));
            return result;
        }
    }

    /// <summary>Adds a reference.</summary>
    public void InsertRef(RefRecord reference)
    {
        lock (SyncRoot)
        {
            Bind(Command("INSERT INTO refs(parent, label, position, child) VALUES($0, $1, $2, $3)"),
                reference.Parent, reference.Label, reference.Position, reference.Child).ExecuteNonQuery();
        }
    }

    /// <summary>Removes the reference labelled <paramref name="label"/> from tree <paramref name="parent"/>.</summary>
    public void DeleteRef(long parent, string label)
    {
        lock (SyncRoot)
        {
            Bind(Command("DELETE FROM refs WHERE parent = $0 AND label = $1"), parent, label).ExecuteNonQuery();
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
            var changed = Bind(Command("UPDATE refs SET parent = $2, label = $3, position = $4, child = $5 WHERE parent = $0 AND label = $1"),
                parent, label, moved.Parent, moved.Label, moved.Position, moved.Child).ExecuteNonQuery();
            if (changed == 0) InsertRef(moved);
        }
    }

    /// <summary>Number of references in tree <paramref name="parent"/>.</summary>
    public long CountRefs(long parent)
    {
        lock (SyncRoot)
        {
            return (long)Bind(Command("SELECT COUNT(*) FROM refs WHERE parent = $0"), parent).ExecuteScalar()!;
        }
    }
}

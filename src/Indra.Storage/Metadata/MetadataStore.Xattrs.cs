namespace Indra.Storage.Metadata;

public sealed partial class MetadataStore
{
    /// <summary>An extended attribute's value, or null.</summary>
    public byte[]? GetXattr(long inode, string name)
    {
        lock (SyncRoot)
        {
            return Bind(Command("SELECT value FROM xattrs WHERE ino = $0 AND name = $1"), inode, name).ExecuteScalar() as byte[];
        }
    }

    /// <summary>Sets an extended attribute.</summary>
    public void SetXattr(long inode, string name, byte[] value)
    {
        lock (SyncRoot)
        {
            Bind(Command("INSERT INTO xattrs(ino, name, value) VALUES($0, $1, $2) ON CONFLICT(ino, name) DO UPDATE SET value = excluded.value"), inode, name, value).ExecuteNonQuery();
        }
    }

    /// <summary>Removes an extended attribute; returns false when it did not exist.</summary>
    public bool RemoveXattr(long inode, string name)
    {
        lock (SyncRoot)
        {
            return Bind(Command("DELETE FROM xattrs WHERE ino = $0 AND name = $1"), inode, name).ExecuteNonQuery() > 0;
        }
    }

    /// <summary>Names of a node's stored extended attributes.</summary>
    public List<string> ListXattrs(long inode)
    {
        lock (SyncRoot)
        {
            var result = new List<string>();
            using var reader = Bind(Command("SELECT name FROM xattrs WHERE ino = $0 ORDER BY name"), inode).ExecuteReader();
            while (reader.Read()) result.Add(reader.GetString(0));
            return result;
        }
    }
}

namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
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

    /// <summary>
    /// What a node's stored extended attributes other than <paramref name="except"/> take: the bytes of their names
    /// as listxattr(2) lists them (UTF-8, one NUL each) and the bytes of their values.
    /// </summary>
    public (long NameBytes, long ValueBytes) XattrUsage(long inode, string except)
    {
        lock (SyncRoot)
        {
            using var reader = Bind(Command("SELECT COALESCE(SUM(length(CAST(name AS BLOB)) + 1), 0), COALESCE(SUM(length(value)), 0) FROM xattrs WHERE ino = $0 AND name <> $1"), inode, except).ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
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

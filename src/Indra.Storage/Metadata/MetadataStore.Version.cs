namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    /// <summary>
    /// A stamp that differs whenever the database may have changed since it was last read: SQLite's count of rows this
    /// connection changed (<c>total_changes()</c>, commits and rolled-back work alike) and its <c>PRAGMA data_version</c>,
    /// which moves when another connection commits. Queued writes count once they run. Equal stamps mean nothing was
    /// written in between; different stamps may mean a change that left everything as it was.
    /// </summary>
    public (long Own, long Others) ChangeStamp()
    {
        lock (SyncRoot)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = "SELECT total_changes(); PRAGMA data_version;";
            using var reader = command.ExecuteReader();
            reader.Read();
            var own = reader.GetInt64(0);
            reader.NextResult();
            reader.Read();
            return (own, reader.GetInt64(0));
        }
    }
}

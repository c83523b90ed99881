using Indra.Hashing;
using Microsoft.Data.Sqlite;

namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// The durable half of a block cache's bookkeeping, in a small SQLite file (WAL) beside the block files: which cached
/// blocks the remote store has acknowledged (<c>uploaded</c>) and which blocks are still to be deleted from it
/// (<c>removals</c>, a deletion that failed while the store was unreachable). The upload queue itself is not stored:
/// it is every cached block file the journal does not list as uploaded, so a block is queued the moment its file
/// exists and a lost journal row only costs a second (idempotent) upload, never a lost block. Not thread-safe: the
/// cache calls it under its lock.
/// </summary>
internal sealed class UploadJournal : IDisposable
{
    /// <summary>The journal's file name in the cache directory.</summary>
    public const string FileName = "cache-journal.db";

    private readonly SqliteConnection _connection;

    /// <summary>Opens (creating if needed, owner-only) the journal in <paramref name="directory"/>.</summary>
    /// <exception cref="SqliteException">The file is not a journal or cannot be opened.</exception>
    public UploadJournal(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) OwnerOnly.CreateFile(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("CREATE TABLE IF NOT EXISTS uploaded (hash BLOB PRIMARY KEY) WITHOUT ROWID;");
        Execute("CREATE TABLE IF NOT EXISTS removals (hash BLOB PRIMARY KEY) WITHOUT ROWID;");
    }

    /// <summary>Every block recorded as acknowledged by the remote store.</summary>
    public HashSet<Blake3Hash> Uploaded() => ReadAll("SELECT hash FROM uploaded;");

    /// <summary>Every block whose deletion from the remote store is still to be done.</summary>
    public HashSet<Blake3Hash> Removals() => ReadAll("SELECT hash FROM removals;");

    /// <summary>Records that the remote store acknowledged <paramref name="hash"/>.</summary>
    public void MarkUploaded(Blake3Hash hash) => Run("INSERT OR IGNORE INTO uploaded (hash) VALUES ($h);", hash);

    /// <summary>Forgets <paramref name="hash"/>'s upload record (the block left the cache).</summary>
    public void Forget(Blake3Hash hash) => Run("DELETE FROM uploaded WHERE hash = $h;", hash);

    /// <summary>Records that <paramref name="hash"/> is to be deleted from the remote store.</summary>
    public void AddRemoval(Blake3Hash hash) => Run("INSERT OR IGNORE INTO removals (hash) VALUES ($h);", hash);

    /// <summary>Drops the pending deletion of <paramref name="hash"/> (done, or the block was stored again).</summary>
    public void ClearRemoval(Blake3Hash hash) => Run("DELETE FROM removals WHERE hash = $h;", hash);

    /// <summary>Keeps upload records only for <paramref name="cached"/> blocks (the others left the cache while the journal was not told).</summary>
    public void Retain(IReadOnlySet<Blake3Hash> cached)
    {
        var stale = Uploaded().Where(h => !cached.Contains(h)).ToList();
        if (stale.Count == 0) return;
        using var transaction = _connection.BeginTransaction();
        foreach (var hash in stale) Run("DELETE FROM uploaded WHERE hash = $h;", hash, transaction);
        transaction.Commit();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection.Dispose();

    private HashSet<Blake3Hash> ReadAll(string sql)
    {
        var result = new HashSet<Blake3Hash>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var bytes = (byte[])reader[0];
            if (bytes.Length == Blake3Hash.Size) result.Add(new Blake3Hash(bytes));
        }
        return result;
    }

    private void Run(string sql, Blake3Hash hash, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$h", hash.ToArray());
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indra.Storage.Metadata;

/// <summary>
/// One SQL statement prepared once on a connection and run many times, with its parameters bound by index
/// (<c>?1</c>, <c>?2</c>, … in the SQL; the first is 1, as in <c>sqlite3_bind_*</c>). For the hot statements of the
/// metadata store: Microsoft.Data.Sqlite binds every parameter by name on every execution
/// (<c>sqlite3_bind_parameter_index</c>), builds a reader per query and copies blobs into new arrays; here a bind is one
/// <c>sqlite3_bind_*</c> call, a blob is bound from a span (SQLite copies it, <c>SQLITE_TRANSIENT</c>) and a row's
/// columns are read in place.
/// </summary>
/// <remarks>
/// Not thread-safe: the caller serialises every use with the connection's (the metadata store's <c>SyncRoot</c>).
/// A run is <see cref="Step"/> until it returns false (or as far as the caller needs), then <see cref="Reset"/>, which
/// also ends the read the statement holds; bound values stay until bound again. The statement joins whatever
/// transaction the connection has open. Dispose it before the connection is closed (SQLite's <c>sqlite3_close</c>
/// refuses while statements are unfinalized).
/// </remarks>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/>, which is open.</summary>
    /// <exception cref="SqliteException">The SQL does not compile (SQLite's error code and message).</exception>
    public PreparedStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds a 64-bit integer to parameter <paramref name="index"/> (1-based).</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a double to parameter <paramref name="index"/> (1-based).</summary>
    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    /// <summary>Binds text (stored as UTF-8) to parameter <paramref name="index"/> (1-based).</summary>
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Binds a blob (copied by SQLite) to parameter <paramref name="index"/> (1-based).</summary>
    public void Bind(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds SQL NULL to parameter <paramref name="index"/> (1-based).</summary>
    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement to its next row: true with a row to read (<see cref="Int64"/>, <see cref="Double"/>), false when done.</summary>
    /// <exception cref="SqliteException">SQLite failed (a constraint, SQLITE_FULL, …); <see cref="Reset"/> before running it again.</exception>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        Check(rc);
        return false;
    }

    /// <summary>Runs a statement that returns no rows (an INSERT, UPDATE or DELETE) and resets it.</summary>
    /// <returns>Rows it changed (<c>sqlite3_changes</c>).</returns>
    public int Execute()
    {
        try
        {
            Step();
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Column <paramref name="column"/> (0-based) of the current row as a 64-bit integer.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>Column <paramref name="column"/> (0-based) of the current row as a double.</summary>
    public double Double(int column) => raw.sqlite3_column_double(_statement, column);

    /// <summary>True when column <paramref name="column"/> (0-based) of the current row is SQL NULL.</summary>
    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>
    /// Column <paramref name="column"/> (0-based) of the current row as a blob, in place: valid until the next
    /// <see cref="Step"/> or <see cref="Reset"/> (<c>sqlite3_column_blob</c>); empty for NULL or a zero-length blob.
    /// </summary>
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Column <paramref name="column"/> (0-based) of the current row as text (decoded from UTF-8); "" for NULL.</summary>
    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string() ?? "";

    /// <summary>
    /// Runs a query for its first row's first column as an integer and resets it; null when there is no row or the
    /// value is NULL (an <c>INSERT … RETURNING</c> makes all its changes at the first step, so stopping there is whole).
    /// </summary>
    public long? ScalarInt64()
    {
        try
        {
            return Step() && !IsNull(0) ? Int64(0) : null;
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs a query to its end and resets it: <paramref name="read"/> of each row, in order.</summary>
    public List<T> Rows<T>(Func<PreparedStatement, T> read)
    {
        var rows = new List<T>();
        try
        {
            while (Step()) rows.Add(read(this));
            return rows;
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs a query and resets it: true when it returned at least one row.</summary>
    public bool Any()
    {
        try
        {
            return Step();
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>The rowid of the connection's last successful INSERT (<c>sqlite3_last_insert_rowid</c>).</summary>
    public long LastInsertRowId() => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>Makes the statement ready to run again (<c>sqlite3_reset</c>); bound values are kept.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>Finalizes the statement.</summary>
    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}

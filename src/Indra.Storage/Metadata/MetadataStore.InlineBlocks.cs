using Indra.Hashing;
using Microsoft.Data.Sqlite;

namespace Indra.Storage.Metadata;

/// <summary>Small blocks kept in the database itself (see <see cref="Blocks.InlineBlockStore"/>).</summary>
internal sealed partial class MetadataStore
{
    /// <summary>
    /// Queues the storing of a small block; it lands with the next transaction (before the leaf that uses it) and is
    /// readable at once. Returns false when the block is stored or queued already.
    /// </summary>
    public bool PutInlineBlock(Blake3Hash hash, byte[] data)
    {
        lock (_queueLock)
        {
            if (!_pendingInlineBlocks.TryAdd(hash, data)) return false;
        }
        if (ReadInlineBlock(hash) is not null)
        {
            lock (_queueLock)
            {
                _pendingInlineBlocks.Remove(hash);
            }
            return false;
        }
        Defer(() =>
        {
            var insert = Prepared("INSERT OR IGNORE INTO inline_blocks(hash, data) VALUES(?1, ?2)");
            insert.Bind(1, hash.AsSpan());
            insert.Bind(2, data);
            insert.Execute();
            // Served from the queue until the row has committed (a rolled-back batch inserts it again when retried).
            AfterCommit(() =>
            {
                lock (_queueLock)
                {
                    _pendingInlineBlocks.Remove(hash);
                }
            });
        });
        return true;
    }

    /// <summary>
    /// A small block's bytes, or null. Served from the queue when its insert has not run yet, so a read never has to
    /// commit the queued writes first (a block's row never changes once written).
    /// </summary>
    public byte[]? GetInlineBlock(Blake3Hash hash)
    {
        lock (_queueLock)
        {
            if (_pendingInlineBlocks.TryGetValue(hash, out var queued)) return queued;
        }
        return ReadInlineBlock(hash);
    }

    /// <summary>
    /// Copies a small block's bytes from <paramref name="offset"/> into <paramref name="buffer"/> for serving a read:
    /// from the queue when its insert has not run yet, else the committed row through a read-only connection of its own
    /// (<see cref="OpenInlineReader"/>), so a read never waits for <see cref="SyncRoot"/>, which the write-behind holds
    /// while it applies a batch. A WAL reader sees every transaction committed before its statement, and a queued block
    /// leaves the queue only after its row committed. The row's bytes are copied straight from SQLite's result into
    /// <paramref name="buffer"/> (no array per read). Only for reading bytes: a row deleted by a transaction still open
    /// is seen until that commits, so existence checks that decide whether to store a block
    /// (<see cref="GetInlineBlock"/>) stay on the writer's connection.
    /// </summary>
    /// <returns>Bytes copied (0 at or past the block's end), or -1 when no such block is stored or queued.</returns>
    public int ReadInlineBlockToServe(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        if (_inlineReader is null) return CopyOut(GetInlineBlock(hash), offset, buffer);
        lock (_queueLock)
        {
            if (_pendingInlineBlocks.TryGetValue(hash, out var queued)) return CopyOut(queued, offset, buffer);
        }
        lock (_inlineReader)
        {
            var select = _inlineSelect!;
            try
            {
                select.Bind(1, hash.AsSpan());
                return select.Step() ? CopyOut(select.Blob(0), offset, buffer) : -1;
            }
            finally
            {
                select.Reset();
            }
        }
    }

    /// <summary>The bytes of <paramref name="block"/> from <paramref name="offset"/> copied into <paramref name="buffer"/>; -1 for no block.</summary>
    private static int CopyOut(ReadOnlySpan<byte> block, long offset, Span<byte> buffer)
    {
        if (offset >= block.Length) return 0;
        var n = (int)Math.Min(buffer.Length, block.Length - offset);
        block.Slice((int)offset, n).CopyTo(buffer);
        return n;
    }

    /// <inheritdoc cref="CopyOut(ReadOnlySpan{byte}, long, Span{byte})"/>
    private static int CopyOut(byte[]? block, long offset, Span<byte> buffer) => block is null ? -1 : CopyOut(block.AsSpan(), offset, buffer);

    private SqliteConnection? _inlineReader;
    private PreparedStatement? _inlineSelect;

    /// <summary>
    /// Opens the read-only connection of <see cref="ReadInlineBlockToServe"/> to the database file at
    /// <paramref name="path"/> (WAL). SQLite's own busy handler waits up to 30 s for a lock (a WAL reader is refused
    /// only while the WAL index is being rebuilt), as Microsoft.Data.Sqlite's retries did for its commands.
    /// </summary>
    private void OpenInlineReader(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        _inlineReader = new SqliteConnection(builder.ToString());
        _inlineReader.Open();
        SQLitePCL.raw.sqlite3_busy_timeout(_inlineReader.Handle, 30_000);
        _inlineSelect = new PreparedStatement(_inlineReader, InlineSelectSql);
    }

    /// <summary>Closes the connection of <see cref="ReadInlineBlockToServe"/> (before the writer's, which checkpoints the WAL).</summary>
    private void CloseInlineReader()
    {
        if (_inlineReader is null) return;
        lock (_inlineReader)
        {
            _inlineSelect?.Dispose();
            _inlineReader.Dispose();
        }
    }

    /// <summary>The stored row only (the queue is the caller's business).</summary>
    private byte[]? ReadInlineBlock(Blake3Hash hash)
    {
        lock (SyncRoot)
        {
            return SelectBlob(Prepared(InlineSelectSql), hash);
        }
    }

    private const string InlineSelectSql = "SELECT data FROM inline_blocks WHERE hash = ?1";

    /// <summary>Runs <see cref="InlineSelectSql"/> on <paramref name="select"/> (its connection's lock held): a copy of the block's bytes, or null.</summary>
    private static byte[]? SelectBlob(PreparedStatement select, Blake3Hash hash)
    {
        select.Bind(1, hash.AsSpan());
        try
        {
            return select.Step() ? select.Blob(0).ToArray() : null;
        }
        finally
        {
            select.Reset();
        }
    }

    /// <summary>
    /// Removes a small block. Queued writes are not run first: a caller deciding that a block is unreferenced
    /// (<see cref="IsBlockReferenced"/>) must not have queued work commit between its check and this delete.
    /// </summary>
    public void DeleteInlineBlock(Blake3Hash hash)
    {
        lock (SyncRoot)
        {
            var delete = Prepared("DELETE FROM inline_blocks WHERE hash = ?1");
            delete.Bind(1, hash.AsSpan());
            delete.Execute();
        }
    }

    /// <summary>
    /// True when committed metadata references block <paramref name="hash"/> (a row in <c>blocks</c>). Queued writes
    /// are not run first, so a check and a <see cref="DeleteInlineBlock"/> under <see cref="SyncRoot"/> see one state.
    /// </summary>
    public bool IsBlockReferenced(Blake3Hash hash)
    {
        lock (SyncRoot)
        {
            var select = Prepared("SELECT 1 FROM blocks WHERE hash = ?1 AND refcount > 0");
            select.Bind(1, hash.AsSpan());
            return select.Any();
        }
    }

    /// <summary>Every small block's hash.</summary>
    public List<Blake3Hash> ListInlineBlocks()
    {
        lock (SyncRoot)
        {
            var result = new List<Blake3Hash>();
            using var reader = Command("SELECT hash FROM inline_blocks").ExecuteReader();
            while (reader.Read()) result.Add(new Blake3Hash((byte[])reader.GetValue(0)));
            return result;
        }
    }
}

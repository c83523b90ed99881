using Microsoft.Data.Sqlite;

namespace Indra.Storage.Metadata;

/// <summary>
/// The vault's metadata in SQLite: nodes (inode ↔ artifact), tree references, leaves and their blocks with reference
/// counts, extended attributes, attention events and settings. One connection, serialized by a lock: SQLite allows a
/// single writer anyway, and callers keep hot data in memory. File databases use WAL with synchronous=NORMAL, so a
/// killed process loses nothing that was committed; <see cref="CommitDurably"/> makes a commit survive power loss too.
/// </summary>
internal sealed partial class MetadataStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new();
    private readonly Dictionary<string, PreparedStatement> _prepared = new();
    private SqliteTransaction? _transaction;
    private int _transactionDepth;
    // The queue of deferred writes has its own lock, so that queuing one write never waits for a transaction in
    // progress (SyncRoot is held while one applies the previous batch); DeferTogether waits for it, by design.
    private readonly object _queueLock = new();
    private readonly WriteBehindQueue _queue = new();
    private readonly Dictionary<long, NodeRecord> _pendingNodeUpdates = new();
    private readonly Dictionary<Indra.Hashing.Blake3Hash, byte[]> _pendingInlineBlocks = new();
    private bool _applyingDeferred;
    // Open DeferTogether calls (of the thread holding SyncRoot): while one is open no queued work is taken.
    /// <summary>Held while one operation queues its writes (<see cref="DeferTogether"/>) and while a batch is taken.</summary>
    private readonly object _groupGate = new();

    /// <summary>How deep the current thread is in <see cref="DeferTogether"/>.</summary>
    [ThreadStatic]
    private static int _openGroups;

    /// <summary>Node rows whose queued write was taken into a batch: that write writes this state (sealed at take).</summary>
    private readonly Dictionary<long, NodeRecord> _takenNodeUpdates = new();
    // The first failure of a queued write in the current transaction: it must not commit, even if the caller's work
    // caught the exception.
    private Exception? _batchFailure;
    private Timer? _deferredTimer;
    private long _nextInode;
    private bool _readOnly;

    static MetadataStore() => SQLitePCL.Batteries_V2.Init();

    private MetadataStore(SqliteConnection connection)
    {
        _connection = connection;
        // indra_decay(age_ns, half_life_ns) = 2^(-max(age, 0) / half-life): an attention event's weight in a heat
        // score, so that scores are summed inside SQLite instead of loading every event.
        _connection.CreateFunction("indra_decay", (long ageNs, double halfLifeNs) => Decay(ageNs, halfLifeNs), isDeterministic: true);
    }

    /// <summary>
    /// 2^(−max(<paramref name="ageNs"/>, 0) / <paramref name="halfLifeNs"/>): the weight of an attention event
    /// <paramref name="ageNs"/> ns old in a heat score; SQL's <c>indra_decay</c>, so that heat folded in SQL and in
    /// memory takes the same floating-point steps.
    /// </summary>
    internal static double Decay(long ageNs, double halfLifeNs) => Math.Pow(2, -Math.Max(0, ageNs) / halfLifeNs);

    /// <summary>The lock that serializes all access; hold it to group several calls into one transaction.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>
    /// Opens (creating if needed, owner-only: 0600) the database file at <paramref name="path"/>, migrating a vault of an earlier schema
    /// version (<see cref="MetadataSchema.Migrations"/>) in place.
    /// </summary>
    /// <exception cref="SqliteException">The file is not a SQLite database or cannot be opened.</exception>
    /// <exception cref="IOException">The file is missing and cannot be created (no such folder, say).</exception>
    /// <exception cref="InvalidOperationException">The vault was written by a newer Indra (a later schema version).</exception>
    public static MetadataStore Open(string path) => Open(path, busyTimeoutSeconds: 30);

    /// <summary>
    /// <see cref="Open(string)"/>, waiting at most <paramref name="busyTimeoutSeconds"/> seconds for another
    /// connection's write lock before a statement fails with SQLITE_BUSY (30 by default, Microsoft.Data.Sqlite's).
    /// </summary>
    public static MetadataStore Open(string path, int busyTimeoutSeconds)
    {
        // SQLite creates a database 0644 less the umask, and its -wal and -shm files with the database file's mode: a
        // database made here first, owner-only, keeps all three owner-only (SQLite's unixOpen, findCreateFileMode).
        if (!File.Exists(path)) OwnerOnly.CreateFile(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = busyTimeoutSeconds };
        var store = new MetadataStore(new SqliteConnection(builder.ToString()));
        store.Initialize(inMemory: false);
        store.OpenInlineReader(path);
        return store;
    }

    /// <summary>
    /// Opens the database at <paramref name="path"/> for reading only, alongside the process that holds the vault
    /// (WAL readers never block the writer): used by <c>indra status</c> while the vault is mounted.
    /// </summary>
    /// <remarks>A vault of an earlier schema version is migrated first (<see cref="Open(string)"/>), since every reader
    /// expects the current columns.</remarks>
    /// <exception cref="SqliteException">Missing or not a database.</exception>
    public static MetadataStore OpenReadOnly(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var store = new MetadataStore(new SqliteConnection(builder.ToString())) { _readOnly = true };
        store._connection.Open();
        if (store.SchemaVersion() >= MetadataSchema.Version) return store;
        // A vault last opened by an earlier version: migrate it once (a short write transaction, safe beside WAL
        // readers), then read it as usual.
        store.Dispose();
        Open(path).Dispose();
        return OpenReadOnly(path);
    }

    /// <summary>A private in-memory database (tests, throwaway vaults).</summary>
    public static MetadataStore OpenInMemory()
    {
        var store = new MetadataStore(new SqliteConnection("Data Source=:memory:;Pooling=False"));
        store.Initialize(inMemory: true);
        return store;
    }

    private void Initialize(bool inMemory)
    {
        _connection.Open();
        if (!inMemory)
        {
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=NORMAL;");
        }
        // The page cache is the daemon's own memory (RSS), on top of the kernel's cache of the same file: 8 MiB keeps
        // the hot upper levels of the indexes (a miss is a pread from the kernel's cache) without costing a cached
        // inode's worth of memory per file (the database holds about 570 bytes a file; issue 15, benchmarks/memory:
        // 16 MiB were 168 of the 546 bytes of RSS per cached inode at 100,000 files).
        Execute("PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192;");
        // A vault created by an earlier version keeps its tables (CREATE ... IF NOT EXISTS leaves them alone) and is
        // migrated step by step; a new one is created at the current version.
        var existing = TableExists("nodes") ? SchemaVersion() : MetadataSchema.Version;
        if (existing > MetadataSchema.Version)
        {
            throw new InvalidOperationException($"the vault's metadata is schema version {existing}; this Indra reads up to {MetadataSchema.Version}");
        }
        Execute(MetadataSchema.Create);
        for (var version = existing; version < MetadataSchema.Version; version++)
        {
            var step = MetadataSchema.Migrations[version];
            InTransaction(() =>
            {
                Execute(step);
                SetSetting("schema_version", (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
        }
        if (GetSetting("schema_version") is null) SetSetting("schema_version", MetadataSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private bool TableExists(string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The stored schema version of an existing database (1 when unrecorded: the first vaults did not say).</summary>
    private int SchemaVersion()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = 'schema_version'";
        var stored = TableExists("settings") ? command.ExecuteScalar() as string : null;
        return stored is null ? 1 : int.Parse(stored, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction (nested calls join the outer one); rolls back if it throws.
    /// </summary>
    public T InTransaction<T>(Func<T> work)
    {
        lock (SyncRoot)
        {
            if (_transactionDepth > 0)
            {
                _transactionDepth++;
                try { return work(); }
                finally { _transactionDepth--; }
            }
            // A faulted queue (a batch dropped: memory holds changes the database will never have) takes no writes.
            if (_queue.Fault is { } fault) throw fault;
            try
            {
                _transaction = _connection.BeginTransaction(deferred: false);
            }
            catch (Exception e)
            {
                // Busy, or no room for the journal: nothing was taken; the queued writes wait, their owners are told.
                _queue.FlushFailed(e);
                throw;
            }
            _transactionDepth = 1;
            _batchFailure = null;
            T result;
            try
            {
                ApplyDeferred();
                result = work();
                if (_batchFailure is not null) throw new WriteBehindException(_batchFailure);
                try
                {
                    _transaction.Commit();
                }
                catch (Exception e)
                {
                    _batchFailure ??= e;
                    throw;
                }
            }
            catch (Exception e)
            {
                RollBack();
                _queue.RolledBack(_batchFailure ?? e, batchFailed: _batchFailure is not null);
                throw;
            }
            finally
            {
                _transaction.Dispose();
                _transaction = null;
                _transactionDepth = 0;
                _batchFailure = null;
            }
            _queue.Committed();
            return result;
        }
    }

    /// <summary>Rolls the current transaction back; SQLite may have done so already (after SQLITE_FULL, say).</summary>
    private void RollBack()
    {
        try
        {
            _transaction!.Rollback();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            // No transaction is active any more: nothing of it was kept.
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction.</summary>
    public void InTransaction(Action work) => InTransaction(() => { work(); return 0; });

    /// <summary>
    /// Queues metadata writes whose effects the caller already holds in memory (a new node, a changed attribute, a
    /// moved reference), for the vault as a whole (owner 0). See <see cref="Defer(long, Action)"/>.
    /// </summary>
    public void Defer(Action work) => Defer(0, work);

    /// <summary>
    /// Queues metadata writes of inode <paramref name="owner"/> whose effects the caller already holds in memory.
    /// Queued work runs in order, inside the next transaction or read (so every read sees it) or at most
    /// <see cref="DeferredInterval"/> later, batched into one transaction: one commit per saved file instead of one per
    /// request. A batch lands whole or not at all, and a failed batch is reported to its owners by
    /// <see cref="TakeFailure"/> (the contract is <see cref="WriteBehindQueue"/>'s). A crash loses at most that
    /// interval of such changes, never a half of one; content commits and fsync run synchronously and take
    /// everything queued before them along, atomically. <paramref name="work"/> may run more than once (a batch that
    /// could not land is retried whole), each time in a transaction that rolled back the previous attempt.
    /// </summary>
    /// <remarks>
    /// A batch is whatever is queued when a transaction takes it, so one call is the unit a flush cannot split: an
    /// operation that queues more than one write (a save's node row and its leaf, a rename's references and the link
    /// counts and times of the nodes involved) queues them all inside <see cref="DeferTogether"/>, or a flush on another
    /// thread may commit the first without the rest and a crash would keep that half.
    /// </remarks>
    public void Defer(long owner, Action work)
    {
        _queue.Enqueue(owner, work);
        if (_deferredTimer is null)
        {
            lock (_queueLock)
            {
                _deferredTimer ??= new Timer(_ => FlushDeferred(), null, DeferredInterval, DeferredInterval);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="enqueue"/>, which queues the writes of one operation (<see cref="Defer(long, Action)"/>,
    /// <see cref="DeferNodeUpdate"/>), so that they land in one transaction, together with everything queued before
    /// them: no flush (the timer's, another thread's, or a read's) can take some of them without the rest. It holds a
    /// group gate that taking a batch also holds (briefly, not while the batch runs), so an operation queues while a
    /// transaction runs instead of waiting for it; a node write taken into a running batch writes the state sealed at
    /// the take, never a later operation's. <paramref name="enqueue"/> must only queue: reads inside it do not see
    /// queued work, and it must not take <see cref="SyncRoot"/> from a thread while another may hold it (lock order:
    /// <see cref="SyncRoot"/>, then the group gate). When <paramref name="enqueue"/> throws, what it queued before
    /// stays queued (and lands together).
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from queued work: the transaction running it has taken its
    /// batch already, so a collapsed node write (<see cref="DeferNodeUpdate"/>) of that batch could write this
    /// operation's state without its other writes.</exception>
    /// <remarks>
    /// Lock order: callers may hold their own locks (the filesystem calls this holding a node's content gate and then
    /// the inode table's gate); the group gate comes after them, then the queue's own locks. A transaction holds
    /// <see cref="SyncRoot"/> and takes the group gate to take a batch. Queued work and after-commit actions run under
    /// <see cref="SyncRoot"/> and so must never take a caller's lock.
    /// </remarks>
    public void DeferTogether(Action enqueue)
    {
        ArgumentNullException.ThrowIfNull(enqueue);
        if (_applyingDeferred && Monitor.IsEntered(SyncRoot)) throw new InvalidOperationException("queued work cannot queue the writes of another operation");
        lock (_groupGate)
        {
            _openGroups++;
            try
            {
                enqueue();
            }
            finally
            {
                _openGroups--;
            }
        }
    }

    /// <summary>
    /// The failure of queued writes of inode <paramref name="owner"/> not reported yet, once; null when there is none.
    /// fsync and close answer it (<see cref="WriteBehindException.DiskFull"/>: ENOSPC, otherwise EIO). While the
    /// queue is faulted every owner gets its fault.
    /// </summary>
    public WriteBehindException? TakeFailure(long owner) => _queue.TakeFailure(owner);

    /// <summary>True when deferred writes are waiting.</summary>
    private bool HasDeferred => _queue.HasWork;

    /// <summary>True when queued writes wait for a transaction (after <see cref="FlushDeferred"/>: they could not land).</summary>
    public bool HasQueuedWrites => _queue.HasWork;

    /// <summary>
    /// Queues a write of <paramref name="record"/>'s row (owned by its inode); several queued writes of one node
    /// collapse into one (its latest state), so a burst of changes in one directory updates the directory's row once
    /// per commit. The collapsed write takes the state it writes when it runs, which may be a later operation's: an
    /// operation that queues other writes along (a save's leaf) queues them and this in one <see cref="DeferTogether"/>,
    /// so that whichever transaction runs this write has them too.
    /// </summary>
    public void DeferNodeUpdate(NodeRecord record)
    {
        lock (_queueLock)
        {
            var first = !_pendingNodeUpdates.ContainsKey(record.Inode);
            _pendingNodeUpdates[record.Inode] = record.Clone();
            if (!first) return;
        }
        var inode = record.Inode;
        // The state this write took from the map: a retry of its batch writes it again (or a newer one queued since).
        NodeRecord? taken = null;
        Defer(inode, () =>
        {
            lock (_queueLock)
            {
                if (_takenNodeUpdates.Remove(inode, out var latest) || _pendingNodeUpdates.Remove(inode, out latest)) taken = latest;
            }
            if (taken is not null) UpdateNode(taken);
        });
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the current transaction has committed (at once when there is none); never
    /// when it rolls back. A failure of the action is logged (<see cref="Log"/>) and goes no further.
    /// </summary>
    public void AfterCommit(Action action)
    {
        lock (SyncRoot)
        {
            _queue.AddAfterCommit(action);
            if (_transactionDepth == 0) _queue.RunAfterCommit();
        }
    }

    /// <summary>Longest time queued writes wait.</summary>
    public static readonly TimeSpan DeferredInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs every queued write now, in one transaction. Also the write-behind timer's callback, so it never throws:
    /// a failure is recorded for the owners of the writes (<see cref="TakeFailure"/>) and logged once while it lasts.
    /// </summary>
    public void FlushDeferred()
    {
        try
        {
            lock (SyncRoot)
            {
                if (_transactionDepth == 0 && HasDeferred && _queue.Fault is null) InTransaction(() => { });
            }
        }
        catch (Exception)
        {
            // Recorded for the owners and logged by the queue (WriteBehindQueue.RolledBack / FlushFailed).
        }
    }

    /// <summary>Where failures of background work are reported (one line each).</summary>
    public Action<string>? Log
    {
        get => _queue.Log;
        set => _queue.Log = value;
    }

    /// <summary>
    /// A new inode number (never reused), for a node inserted later by deferred work. Only the first call reads the
    /// database (under <see cref="SyncRoot"/>); later ones take the next number without the store lock, so a create
    /// never waits for a write-behind batch in progress.
    /// </summary>
    public long AllocateInode()
    {
        if (Volatile.Read(ref _nextInode) == 0)
        {
            lock (SyncRoot)
            {
                if (_nextInode == 0)
                {
                    using var command = _connection.CreateCommand();
                    command.Transaction = _transaction;
                    command.CommandText = "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'nodes'), 5), COALESCE((SELECT MAX(ino) FROM nodes), 5))";
                    Volatile.Write(ref _nextInode, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        return Interlocked.Increment(ref _nextInode);
    }

    /// <summary>Moves the allocator past <paramref name="inode"/> (a node numbered by the store itself), once it has been read.</summary>
    private void AllocatedElsewhere(long inode)
    {
        long seen;
        while ((seen = Volatile.Read(ref _nextInode)) != 0 && inode > seen && Interlocked.CompareExchange(ref _nextInode, inode, seen) != seen)
        {
        }
    }

    /// <summary>
    /// Runs queued writes (caller holds <see cref="SyncRoot"/>): inside the current transaction, or in one of their
    /// own. The first write that throws marks the transaction failed (it rolls back, taking the batch with it). Takes
    /// nothing while a <see cref="DeferTogether"/> is open, whose writes must land together.
    /// </summary>
    private void ApplyDeferred()
    {
        if (_applyingDeferred || _openGroups > 0 || !HasDeferred) return;
        if (_transactionDepth == 0)
        {
            InTransaction(() => { });
            return;
        }
        if (_batchFailure is not null) throw new WriteBehindException(_batchFailure);
        _applyingDeferred = true;
        try
        {
            // Work queued while a batch runs (by other threads, or by the batch itself) joins this transaction for a
            // few rounds; after that it waits for the next one, so a steady stream of requests cannot keep a
            // transaction open indefinitely.
            for (var round = 0; round < MaxDeferredRounds; round++)
            {
                var batch = TakeBatch();
                if (batch is null) break;
                foreach (var (_, work) in batch)
                {
                    try
                    {
                        work();
                    }
                    catch (Exception e)
                    {
                        _batchFailure ??= e;
                        throw;
                    }
                }
            }
        }
        finally
        {
            _applyingDeferred = false;
        }
    }

    /// <summary>
    /// Takes everything queued as the next batch, between operations (under the group gate), and seals the node states
    /// its collapsed node writes will write: an operation that queues after the take starts a new write of its own.
    /// </summary>
    private IReadOnlyList<(long Owner, Action Work)>? TakeBatch()
    {
        lock (_groupGate)
        {
            var batch = _queue.Take();
            if (batch is null) return null;
            lock (_queueLock)
            {
                foreach (var (inode, record) in _pendingNodeUpdates) _takenNodeUpdates[inode] = record;
                _pendingNodeUpdates.Clear();
            }
            return batch;
        }
    }

    /// <summary>Most batches of queued work one transaction takes.</summary>
    private const int MaxDeferredRounds = 4;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction whose commit is on stable storage when this returns
    /// (synchronous=FULL for that commit): used by fsync(2).
    /// </summary>
    public void CommitDurably(Action work)
    {
        lock (SyncRoot)
        {
            Execute("PRAGMA synchronous=FULL;");
            try
            {
                InTransaction(work);
                Execute("PRAGMA wal_checkpoint(PASSIVE);");
            }
            finally
            {
                Execute("PRAGMA synchronous=NORMAL;");
            }
        }
    }

    /// <summary>Runs SQLite's own consistency check; returns "ok" or the problems found.</summary>
    public string IntegrityCheck()
    {
        lock (SyncRoot)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
    }

    /// <summary>Closes the database (checkpointing the WAL).</summary>
    public void Dispose()
    {
        lock (SyncRoot)
        {
            _deferredTimer?.Dispose();
            if (!_readOnly) FlushDeferred();
            if (HasDeferred) Log?.Invoke("closing the vault with queued metadata writes that could not land; the database keeps the state before them");
            foreach (var command in _commands.Values) command.Dispose();
            _commands.Clear();
            foreach (var statement in _prepared.Values) statement.Dispose();
            _prepared.Clear();
            CloseInlineReader();
            try
            {
                if (!_readOnly) Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            catch (SqliteException)
            {
                // In-memory databases have no WAL; nothing to checkpoint.
            }
            _connection.Dispose();
        }
    }

    /// <summary>Runs <paramref name="sql"/> once (not kept prepared), with <paramref name="values"/> bound to $0, $1, ….</summary>
    private void Execute(string sql, params object?[] values)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        Bind(command, values).ExecuteNonQuery();
    }

    /// <summary>A cached, prepared command for <paramref name="sql"/>, bound to the current transaction. Caller holds <see cref="SyncRoot"/>.</summary>
    private SqliteCommand Command(string sql)
    {
        ApplyDeferred();
        return CommandAsIs(sql);
    }

    /// <summary>
    /// Like <see cref="Command"/> but without running queued writes first: for reads that cannot depend on them.
    /// Caller holds <see cref="SyncRoot"/>.
    /// </summary>
    private SqliteCommand CommandAsIs(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            command.Prepare();
            _commands[sql] = command;
        }
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> (parameters <c>?1</c>, <c>?2</c>, …), prepared on first use and kept
    /// until the store closes; queued writes are not run first (as <see cref="CommandAsIs"/>). Caller holds
    /// <see cref="SyncRoot"/>; the statement runs in the current transaction, if any.
    /// </summary>
    private PreparedStatement Prepared(string sql)
    {
        if (!_prepared.TryGetValue(sql, out var statement))
        {
            statement = new PreparedStatement(_connection, sql);
            _prepared[sql] = statement;
        }
        return statement;
    }

    /// <summary>
    /// <see cref="Prepared"/> after running queued writes first (as <see cref="Command"/>): for statements whose result
    /// or effect depends on them. Caller holds <see cref="SyncRoot"/>.
    /// </summary>
    private PreparedStatement PreparedAfterQueue(string sql)
    {
        ApplyDeferred();
        return Prepared(sql);
    }

    /// <summary>Binds positional values to $0, $1, …, reusing the command's parameter objects.</summary>
    private static SqliteCommand Bind(SqliteCommand command, params object?[] values)
    {
        var parameters = command.Parameters;
        if (parameters.Count != values.Length)
        {
            parameters.Clear();
            for (var i = 0; i < values.Length; i++) parameters.AddWithValue(ParameterNames[i], values[i] ?? DBNull.Value);
            return command;
        }
        for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    private static readonly string[] ParameterNames = Enumerable.Range(0, 32).Select(i => "$" + i).ToArray();
}

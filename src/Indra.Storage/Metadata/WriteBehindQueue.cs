using Microsoft.Data.Sqlite;

namespace Indra.Storage.Metadata;

/// <summary>
/// The unit of work behind <see cref="MetadataStore.Defer(long, Action)"/>: metadata writes whose effects callers
/// already hold in memory, applied in order inside one transaction, whole or not at all.
/// </summary>
/// <remarks>
/// <para>Contract.</para>
/// <list type="bullet">
/// <item>Every queued write names an owner (an inode number; 0 for vault-wide work). The writes taken into one
/// transaction form its batch; if any of them throws, or the commit fails, the transaction rolls back and nothing of
/// the batch lands (a rename's "delete reference" never lands without its "insert reference"). A batch is whatever
/// is queued when it is taken; the writes of one operation are queued inside
/// <see cref="MetadataStore.DeferTogether"/>, and nothing is taken while one is open, so they share a batch.</item>
/// <item>A batch that fails for a reason that can pass (the disk is full, the database is busy or locked, an I/O
/// error: <see cref="IsTransient"/>) goes back to the head of the queue in its order and is retried whole by the
/// next transaction, flush or timer tick; memory stays ahead of the database until it lands, never apart from it.
/// Meanwhile a read that must see queued work first (any read but a block's bytes) retries the batch and throws
/// when it fails again: callers see the error instead of a state the database does not hold.</item>
/// <item>A batch that fails otherwise (a broken constraint: a bug) cannot land by retrying: it is dropped and the
/// queue becomes faulted. Memory now holds changes the database will never have, so from then on nothing queued is
/// applied, every transaction (a write) and every read that would apply queued work throws
/// <see cref="WriteBehindException"/>,
/// and every owner's <see cref="TakeFailure"/> answers it: the vault must be remounted, and remounting shows the
/// state before the dropped batch, which is consistent.</item>
/// <item>Every owner with a write in a failed batch, or queued when a flush failed, has the failure recorded, once
/// per write however often its batch is retried; the owner's next <see cref="TakeFailure"/> (fsync, close) returns
/// it once, as Linux reports a failed writeback to the next <c>fsync(2)</c> or <c>close(2)</c> of the file.</item>
/// <item>After-commit actions (deleting freed blocks) run only after their transaction committed; a rolled-back
/// transaction drops them (its writes run again when retried and register them again). A failing action is logged
/// and never reaches the caller or the timer.</item>
/// </list>
/// All members are thread-safe; the transaction itself is driven by <see cref="MetadataStore"/> under its lock.
/// </remarks>
internal sealed class WriteBehindQueue
{
    private readonly object _gate = new();
    private List<DeferredWrite> _queued = new();
    private readonly List<List<DeferredWrite>> _taken = new();
    private readonly List<Action> _afterCommit = new();
    private readonly Dictionary<long, WriteBehindException> _failures = new();
    private WriteBehindException? _fault;
    private bool _failing;

    /// <summary>One queued write, the inode it belongs to (0: vault-wide), and whether its owner was told of a failure.</summary>
    private sealed class DeferredWrite(long owner, Action work)
    {
        public long Owner { get; } = owner;
        public Action Work { get; } = work;
        public bool Reported { get; set; }
    }

    /// <summary>Where failures are reported (one line each); the store's log.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Observes each committed transaction that landed queued writes, with how many it landed (called under the queue's lock: must be quick and must not call back).</summary>
    public Action<int>? BatchLanded { get; set; }

    /// <summary>Appends <paramref name="work"/> for <paramref name="owner"/>.</summary>
    public void Enqueue(long owner, Action work)
    {
        lock (_gate)
        {
            _queued.Add(new DeferredWrite(owner, work));
        }
    }

    /// <summary>True when writes wait.</summary>
    public bool HasWork
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count > 0;
            }
        }
    }

    /// <summary>The failure that stopped the queue for good (a batch that could not land), or null.</summary>
    public WriteBehindException? Fault
    {
        get
        {
            lock (_gate)
            {
                return _fault;
            }
        }
    }

    /// <summary>
    /// Takes everything queued as the next batch of the current transaction (remembered until
    /// <see cref="Committed"/> or <see cref="RolledBack"/>); null when nothing waits.
    /// </summary>
    /// <exception cref="WriteBehindException">The queue is faulted.</exception>
    public IReadOnlyList<(long Owner, Action Work)>? Take()
    {
        lock (_gate)
        {
            if (_fault is not null) throw _fault;
            if (_queued.Count == 0) return null;
            var batch = _queued;
            _queued = new List<DeferredWrite>();
            _taken.Add(batch);
            return batch.Select(w => (w.Owner, w.Work)).ToList();
        }
    }

    /// <summary>Registers an action for after the current transaction's commit.</summary>
    public void AddAfterCommit(Action action)
    {
        lock (_gate)
        {
            _afterCommit.Add(action);
        }
    }

    /// <summary>The transaction committed: its batches are done; runs the after-commit actions (never throws).</summary>
    public void Committed()
    {
        lock (_gate)
        {
            if (_taken.Count > 0) BatchLanded?.Invoke(_taken.Sum(batch => batch.Count));
            _taken.Clear();
            if (_failing) Log?.Invoke("queued metadata writes land again");
            _failing = false;
        }
        RunAfterCommit();
    }

    /// <summary>Runs the registered after-commit actions, each failure one log line (the commit stands).</summary>
    public void RunAfterCommit()
    {
        while (true)
        {
            Action[] actions;
            lock (_gate)
            {
                if (_afterCommit.Count == 0) return;
                actions = _afterCommit.ToArray();
                _afterCommit.Clear();
            }
            foreach (var action in actions)
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    Log?.Invoke($"work after a metadata commit failed ({e.GetType().Name}: {e.Message}); what it would have freed stays until indra gc");
                }
            }
        }
    }

    /// <summary>
    /// The transaction rolled back because of <paramref name="cause"/>. Its after-commit actions are dropped. When
    /// <paramref name="batchFailed"/> (a queued write threw, or the commit failed) the owners of its batches and of
    /// everything still queued get the failure recorded, and the batches go back to the head of the queue
    /// (<see cref="IsTransient"/> causes) or are dropped and the queue faulted (any other cause). Otherwise (the
    /// caller's own work failed) the batches go back to the head unchanged, to land with the next transaction.
    /// </summary>
    public void RolledBack(Exception cause, bool batchFailed)
    {
        lock (_gate)
        {
            _afterCommit.Clear();
            var batches = _taken.SelectMany(b => b).ToList();
            _taken.Clear();
            if (!batchFailed)
            {
                Requeue(batches);
                return;
            }
            Record(batches.Concat(_queued), cause);
            if (IsTransient(cause))
            {
                Requeue(batches);
                if (!_failing) Log?.Invoke($"queued metadata writes could not land ({cause.GetType().Name}: {cause.Message}); kept, and retried whole");
                _failing = true;
                return;
            }
            _fault ??= cause as WriteBehindException ?? new WriteBehindException(cause);
            Log?.Invoke($"a batch of queued metadata writes failed and was dropped ({cause.GetType().Name}: {cause.Message}); the vault takes no more writes until it is mounted again");
        }
    }

    /// <summary>
    /// Records that flushing the queue failed before a batch was taken (the transaction could not begin): every
    /// queued write's owner gets <paramref name="cause"/>; the writes stay queued.
    /// </summary>
    public void FlushFailed(Exception cause)
    {
        lock (_gate)
        {
            if (_queued.Count == 0) return;
            Record(_queued, cause);
            if (!_failing) Log?.Invoke($"queued metadata writes could not start ({cause.GetType().Name}: {cause.Message}); kept, and retried whole");
            _failing = true;
        }
    }

    /// <summary>Records <paramref name="cause"/> for the owners of <paramref name="writes"/> not told yet (caller holds the gate).</summary>
    private void Record(IEnumerable<DeferredWrite> writes, Exception cause)
    {
        var failure = cause as WriteBehindException ?? new WriteBehindException(cause);
        foreach (var write in writes)
        {
            if (write.Reported) continue;
            write.Reported = true;
            _failures[write.Owner] = failure;
        }
    }

    private void Requeue(List<DeferredWrite> batches)
    {
        batches.AddRange(_queued);
        _queued = batches;
    }

    /// <summary>
    /// The failure of queued work of <paramref name="owner"/> not reported yet, once (later calls return null), or the
    /// queue's fault for any owner while it is faulted.
    /// </summary>
    public WriteBehindException? TakeFailure(long owner)
    {
        lock (_gate)
        {
            if (_fault is not null) return _fault;
            return _failures.Remove(owner, out var failure) ? failure : null;
        }
    }

    /// <summary>
    /// True for failures a retry can get past: the disk is full (SQLITE_FULL, ENOSPC), the database is busy or locked
    /// by another connection (SQLITE_BUSY, SQLITE_LOCKED), or an I/O error (SQLITE_IOERR, <see cref="IOException"/>).
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        WriteBehindException w => w.InnerException is not null && IsTransient(w.InnerException),
        SqliteException s => (s.SqliteErrorCode & 0xFF) is SqliteFull or SqliteBusy or SqliteLocked or SqliteIoError,
        IOException => true,
        _ => false,
    };

    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoError = 10, SqliteFull = 13;

    /// <summary>True when <paramref name="e"/> says the disk is full (SQLITE_FULL, or an I/O error with ENOSPC).</summary>
    public static bool IsDiskFull(Exception e) => e switch
    {
        SqliteException s => (s.SqliteErrorCode & 0xFF) == SqliteFull,
        IOException io when io.HResult == Enospc => true,
        _ => e.InnerException is not null && IsDiskFull(e.InnerException),
    };

    private const int Enospc = 28;
}

using System.Text;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// The durable queue of local changes waiting to be written back into the vault: a JSONL journal
/// (<see cref="DirtyJournalCodec"/>) that every change is appended to and fsynced before the notification callback
/// returns, and that records each completion the same way. Reopening the journal after a crash replays it: entries
/// without a completion are pending again, in their original order; a torn last line (a crash mid-append) is ignored
/// with a log line. Entries leave the queue only through <see cref="Complete"/>, after the write-back succeeded.
/// </summary>
/// <remarks>
/// <see cref="DirtyChangeKind.WriteOpened"/>/<see cref="DirtyChangeKind.WriteClosed"/> are markers, not work: an open
/// marker left over by a dead host becomes a <see cref="DirtyChangeKind.Modified"/> entry when the journal is reopened,
/// so a file being written while the host died is still written back. The journal is compacted (rewritten with only
/// live records, then atomically renamed over the old one) when opened and after many completions.
/// </remarks>
internal sealed class DirtyQueue : IDisposable
{
    private const int CompactAfterCompletions = 512;

    private readonly string _journalPath;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly List<DirtyEntry> _pending = [];
    private readonly Dictionary<string, long> _openForWrite = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, DirtyEntry> _markers = [];
    private readonly AutoResetEvent _changed = new(false);
    private FileStream _journal;
    private long _nextSequence;
    private long _inProgress = -1;
    private int _completionsSinceCompaction;
    private bool _disposed;

    private DirtyQueue(string journalPath, TimeProvider clock, FileStream journal)
    {
        _journalPath = journalPath;
        _clock = clock;
        _journal = journal;
    }

    /// <summary>Signalled whenever an entry is added.</summary>
    public WaitHandle Changed => _changed;

    /// <summary>The journal file.</summary>
    public string JournalPath => _journalPath;

    /// <summary>Pending entries (markers not counted).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Opens (creating if needed) the journal at <paramref name="journalPath"/> and replays it.</summary>
    /// <param name="journalPath">The journal file.</param>
    /// <param name="log">Where a torn last record is reported.</param>
    /// <param name="clock">Where entries' enqueue times are read (the system clock when null).</param>
    /// <exception cref="IOException">The journal cannot be read or written.</exception>
    public static DirtyQueue Open(string journalPath, ProjFsLog log, TimeProvider? clock = null)
    {
        var records = new SortedDictionary<long, DirtyEntry>();
        long maxSequence = 0;
        if (File.Exists(journalPath))
        {
            var lines = File.ReadAllLines(journalPath, Encoding.UTF8);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue;
                }

                if (!DirtyJournalCodec.TryDecode(lines[i], out var sequence, out var entry))
                {
                    log.Warn(i == lines.Length - 1
                        ? $"dirty queue {journalPath}: ignoring a torn last record (the host stopped mid-append)"
                        : $"dirty queue {journalPath}: ignoring unreadable record on line {i + 1}");
                    continue;
                }

                maxSequence = Math.Max(maxSequence, sequence);
                if (entry is null)
                {
                    records.Remove(sequence);
                }
                else
                {
                    records[sequence] = entry;
                }
            }
        }

        var journal = new FileStream(journalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        var queue = new DirtyQueue(journalPath, clock ?? TimeProvider.System, journal) { _nextSequence = maxSequence + 1 };
        foreach (var entry in records.Values)
        {
            switch (entry.Change.Kind)
            {
                case DirtyChangeKind.WriteOpened:
                    log.Info($"'{entry.Change.Path}' was open for writing when the host stopped; it will be written back");
                    queue._pending.Add(entry with { Change = entry.Change with { Kind = DirtyChangeKind.Modified } });
                    break;
                case DirtyChangeKind.WriteClosed:
                    break;
                default:
                    queue._pending.Add(entry);
                    break;
            }
        }

        queue.Compact();
        if (queue._pending.Count > 0)
        {
            log.Info($"dirty queue {journalPath}: {queue._pending.Count} change(s) from an earlier session will be written back");
        }

        return queue;
    }

    /// <summary>
    /// Records <paramref name="change"/> durably (appended and fsynced before returning). A change equal to the last
    /// pending one that the worker has not started is not recorded twice.
    /// </summary>
    /// <returns>The entry's sequence number.</returns>
    /// <exception cref="IOException">The journal could not be written; the change is not recorded.</exception>
    public long Enqueue(DirtyChange change)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            switch (change.Kind)
            {
                case DirtyChangeKind.WriteOpened:
                    return OpenMarker(change);
                case DirtyChangeKind.WriteClosed:
                    return CloseMarker(change.Path);
            }

            if (_pending.Count > 0 && _pending[^1].Change == change && _pending[^1].Sequence != _inProgress)
            {
                return _pending[^1].Sequence;
            }

            var entry = Append(change);
            _pending.Add(entry);
            _changed.Set();
            return entry.Sequence;
        }
    }

    /// <summary>Takes the oldest pending entry for processing (it stays in the queue until completed).</summary>
    public bool TryBegin(out DirtyEntry entry)
    {
        lock (_gate)
        {
            if (_pending.Count == 0 || _disposed)
            {
                entry = null!;
                return false;
            }

            entry = _pending[0];
            _inProgress = entry.Sequence;
            return true;
        }
    }

    /// <summary>Gives an entry back untouched (it will be retried).</summary>
    public void Abandon(long sequence)
    {
        lock (_gate)
        {
            if (_inProgress == sequence)
            {
                _inProgress = -1;
            }
        }
    }

    /// <summary>Removes an entry after its write-back succeeded, durably.</summary>
    /// <exception cref="IOException">The completion could not be journaled; the entry stays pending.</exception>
    public void Complete(long sequence)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var index = _pending.FindIndex(e => e.Sequence == sequence);
            if (index < 0)
            {
                return;
            }

            Write(DirtyJournalCodec.EncodeDone(sequence));
            _pending.RemoveAt(index);
            if (_inProgress == sequence)
            {
                _inProgress = -1;
            }

            if (++_completionsSinceCompaction >= CompactAfterCompletions)
            {
                Compact();
            }
        }
    }

    /// <summary>True when a pending entry or an open-for-write marker touches <paramref name="path"/> or an item below it.</summary>
    public bool HasPendingFor(string path)
    {
        lock (_gate)
        {
            foreach (var entry in _pending)
            {
                if (entry.Change.Touches(path))
                {
                    return true;
                }
            }

            return _openForWrite.ContainsKey(Provider.ProjFsPath.Normalize(path));
        }
    }

    /// <summary>The pending entries in order.</summary>
    public IReadOnlyList<DirtyEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _pending];
        }
    }

    /// <summary>Closes the journal (pending entries stay in it for the next mount).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _journal.Dispose();
            _changed.Dispose();
        }
    }

    private long OpenMarker(DirtyChange change)
    {
        var key = Provider.ProjFsPath.Normalize(change.Path);
        if (_openForWrite.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var entry = Append(change);
        _openForWrite[key] = entry.Sequence;
        _markers[entry.Sequence] = entry;
        return entry.Sequence;
    }

    private long CloseMarker(string path)
    {
        if (!_openForWrite.Remove(Provider.ProjFsPath.Normalize(path), out var sequence))
        {
            return -1;
        }

        Write(DirtyJournalCodec.EncodeDone(sequence));
        _markers.Remove(sequence);
        return sequence;
    }

    private DirtyEntry Append(DirtyChange change)
    {
        var entry = new DirtyEntry(_nextSequence, change, _clock.GetUtcNow().UtcDateTime);
        Write(DirtyJournalCodec.EncodeEntry(entry));
        _nextSequence++;
        return entry;
    }

    private void Write(byte[] record)
    {
        _journal.Write(record);
        _journal.Flush(flushToDisk: true);
    }

    private void Compact()
    {
        var temporary = _journalPath + ".tmp";
        using (var rewrite = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var entry in _pending.Concat(_markers.Values).OrderBy(e => e.Sequence))
            {
                rewrite.Write(DirtyJournalCodec.EncodeEntry(entry));
            }

            rewrite.Flush(flushToDisk: true);
        }

        _journal.Dispose();
        File.Move(temporary, _journalPath, overwrite: true);
        _journal = new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        _completionsSinceCompaction = 0;
    }
}

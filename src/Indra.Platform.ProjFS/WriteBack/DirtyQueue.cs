using Indra.Platform.ProjFS.Api;
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
/// live records, then renamed over the old one) when opened and after many completions. The journal is never left
/// closed: the rename is tried while the old journal is still open (swap first, close after); if that fails (on
/// Windows an antivirus, indexer or backup tool holding the file), it is tried once more with the old journal
/// closed, and whatever that gives, a journal is open again before the lock is released. A failed compaction only
/// costs disk space: it is logged and tried again later, and no change is lost.
/// </remarks>
internal sealed class DirtyQueue : IDisposable
{
    private readonly string _journalPath;
    private readonly TimeProvider _clock;
    private readonly ILocalFiles _files;
    private readonly ProjFsLog _log;
    private readonly int _compactAfter;
    private readonly Lock _gate = new();
    private readonly List<DirtyEntry> _pending = [];
    private readonly Dictionary<string, long> _openForWrite = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, DirtyEntry> _markers = [];
    private readonly AutoResetEvent _changed = new(false);
    private Stream? _journal;
    private long _nextSequence;
    private long _inProgress = -1;
    private int _completionsSinceCompaction;
    private bool _disposed;

    private DirtyQueue(string journalPath, TimeProvider clock, ILocalFiles files, ProjFsLog log, int compactAfter, Stream journal)
    {
        _journalPath = journalPath;
        _clock = clock;
        _files = files;
        _log = log;
        _compactAfter = compactAfter;
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
    /// <param name="files">The local file access (System.IO when null).</param>
    /// <param name="compactAfter">Completions between compactions.</param>
    /// <exception cref="IOException">The journal cannot be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The journal cannot be opened.</exception>
    public static DirtyQueue Open(string journalPath, ProjFsLog log, TimeProvider? clock = null, ILocalFiles? files = null,
        int compactAfter = 512)
    {
        files ??= LocalFiles.Instance;
        var records = new SortedDictionary<long, DirtyEntry>();
        long maxSequence = 0;
        if (files.FileExists(journalPath))
        {
            var lines = files.ReadLines(journalPath);
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue;
                }

                if (!DirtyJournalCodec.TryDecode(lines[i], out var sequence, out var entry))
                {
                    log.Warn(i == lines.Count - 1
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

        var journal = OpenJournal(files, journalPath);
        var queue = new DirtyQueue(journalPath, clock ?? TimeProvider.System, files, log, Math.Max(1, compactAfter), journal)
        {
            _nextSequence = maxSequence + 1,
        };
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

            if (++_completionsSinceCompaction >= _compactAfter)
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

    /// <summary>True while <paramref name="path"/> has an open-for-write marker (a handle that may still write).</summary>
    public bool IsOpenForWrite(string path)
    {
        lock (_gate)
        {
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
            _journal?.Dispose();
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
        // Null only after a failed reopen: try again now, so a journal that came back is used at once.
        try
        {
            _journal ??= OpenJournal(_files, _journalPath);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new IOException($"the dirty journal {_journalPath} cannot be opened: {exception.Message}", exception);
        }

        _journal.Write(record);
        _journal.FlushDurably();
    }

    /// <summary>The journal opened for appending; others may read it, and rename or delete it (the swap).</summary>
    private static Stream OpenJournal(ILocalFiles files, string path) =>
        files.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);

    /// <summary>
    /// Rewrites the journal with the live records only (swap first, close after). Never throws and never leaves the
    /// journal closed: a compaction that fails is logged and tried again after the next completions.
    /// </summary>
    private void Compact()
    {
        _completionsSinceCompaction = 0;
        var temporary = _journalPath + ".tmp";
        try
        {
            using (var rewrite = _files.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                foreach (var entry in _pending.Concat(_markers.Values).OrderBy(e => e.Sequence))
                {
                    rewrite.Write(DirtyJournalCodec.EncodeEntry(entry));
                }

                rewrite.FlushDurably();
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Warn($"dirty queue {_journalPath}: could not write a compacted journal ({exception.Message}); the journal keeps growing until a later try");
            _files.TryDelete(temporary);
            return;
        }

        if (TrySwap(temporary, closeFirst: false) || TrySwap(temporary, closeFirst: true))
        {
            return;
        }

        _files.TryDelete(temporary);
    }

    /// <summary>Renames the compacted journal over the live one and continues appending to it.</summary>
    /// <param name="temporary">The compacted journal.</param>
    /// <param name="closeFirst">Close the live journal before the rename (for systems that refuse to replace an open
    /// file); it is reopened whatever the rename did.</param>
    /// <returns>True when the compacted journal is now the live one.</returns>
    private bool TrySwap(string temporary, bool closeFirst)
    {
        if (closeFirst)
        {
            _journal?.Dispose();
            _journal = null;
        }

        var swapped = false;
        try
        {
            _files.Move(temporary, _journalPath, overwrite: true);
            swapped = true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Warn($"dirty queue {_journalPath}: could not replace the journal with its compacted copy{(closeFirst ? " (closed)" : "")}: {exception.Message}");
        }

        if (!swapped && !closeFirst)
        {
            return false; // the old journal is still open and complete
        }

        ReopenJournal();
        return swapped;
    }

    /// <summary>Opens the journal at its path again (after a swap, or after closing it for one), closing the old
    /// stream only once the new one is open. Retries a few times; if all fail, the next append tries again (and a
    /// change it cannot record is reported to its caller, never dropped silently).</summary>
    private void ReopenJournal()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                var reopened = OpenJournal(_files, _journalPath);
                _journal?.Dispose();
                _journal = reopened;
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                last = exception;
                Thread.Sleep(20 << attempt);
            }
        }

        _log.Error($"dirty queue {_journalPath}: the journal cannot be reopened now; the next change tries again", last);
    }
}

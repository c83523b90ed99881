using System.Buffers;
using Indra.Hashing;

namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// A bounded local cache of blocks on disk in front of a remote <see cref="IBlockStore"/> (an object store, or any
/// store slower or farther away than the local disk). Write-back: <see cref="Put"/> stores the block as a file in the
/// cache directory (a <see cref="FileBlockStore"/>) and queues its upload; background workers
/// (<see cref="UploadQueue"/>) upload it with retries and backoff while the remote fails. Reads are served from the
/// cache; a miss fetches the whole block from the remote and keeps it. What fsync promises is
/// <see cref="BlockCacheOptions.Durability"/> (<see cref="CacheDurability"/>).
/// <para>
/// Bound: the cache holds at most <see cref="BlockCacheOptions.Capacity"/> bytes of block files and evicts the least
/// recently used blocks (by last read or write in this process; at start, by the files' access and modification
/// times), but only blocks the remote has acknowledged. A write that finds the cache full of un-uploaded blocks waits
/// for uploads while the remote answers (up to <see cref="BlockCacheOptions.FullWait"/>) and is refused at once while
/// it fails, with <see cref="CacheFullException"/> (ENOSPC for the caller); nothing already written is lost.
/// </para>
/// <para>
/// Durable queue: a cached block is queued for upload exactly when its file exists and <see cref="UploadJournal"/>
/// does not record it as uploaded, so a daemon killed at any point loses no queued block: a new store over the same
/// directory finds the files and resumes (a block uploaded just before the kill may be uploaded again; uploads are
/// idempotent). <see cref="Delete"/> removes a block from both stores (a queued upload of it is dropped); a remote
/// deletion that fails is recorded in the journal and retried. <see cref="Enumerate"/> is the union of both stores.
/// </para>
/// <para>
/// Known limit: a block deleted while its upload is in flight may reach the remote after the deletion (an
/// unreferenced object, removed by the next <c>indra gc</c>); a block is never lost that way.
/// </para>
/// </summary>
internal sealed partial class CachedBlockStore : IBlockStore, IDisposable
{
    private readonly IBlockStore _remote;
    private readonly FileBlockStore _local;
    private readonly BlockCacheOptions _options;
    private readonly UploadJournal _journal;
    private readonly UploadQueue _uploads;
    private readonly object _gate = new();
    private readonly Dictionary<Blake3Hash, CacheEntry> _entries = new();
    private readonly LinkedList<Blake3Hash> _evictable = new();
    private readonly Dictionary<Blake3Hash, Task<byte[]>> _fetches = new();
    private readonly HashSet<Blake3Hash> _removals;
    private readonly HashSet<Blake3Hash> _removing = new();
    private readonly SemaphoreSlim _prefetchSlots;
    private readonly Timer _statusTimer;
    private readonly object _statusGate = new();
    private long _cachedBytes;
    private long _queuedBlocks;
    private long _queuedBytes;
    private long _uploadedBlocks;
    private long _uploadedBytes;
    private int _statusVersion;
    private int _statusWritten = -1;
    private bool _wasFailing;
    private bool _disposed;
    private volatile bool _auditing;

    /// <summary>
    /// Opens the cache in <see cref="BlockCacheOptions.Directory"/> (made if missing) over <paramref name="remote"/>,
    /// queues every cached block the journal does not record as uploaded and every pending remote deletion, and starts
    /// the upload workers. A cache found larger than its capacity (a smaller capacity than before, or a vault's block
    /// directory turned into a cache) shrinks as its blocks are uploaded.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Capacity is not positive.</exception>
    /// <exception cref="IOException">The directory cannot be used.</exception>
    public CachedBlockStore(IBlockStore remote, BlockCacheOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Capacity);
        _remote = remote;
        _options = options;
        _local = new FileBlockStore(options.Directory);
        _journal = new UploadJournal(_local.Root);
        _prefetchSlots = new SemaphoreSlim(Math.Max(1, options.PrefetchParallelism));
        var uploaded = _journal.Uploaded();
        _removals = _journal.Removals();
        var found = new List<(Blake3Hash Hash, long Size, DateTime Used)>();
        foreach (var hash in _local.Enumerate())
        {
            var info = new FileInfo(_local.PathOf(hash));
            if (!info.Exists) continue;
            found.Add((hash, info.Length, info.LastAccessTimeUtc > info.LastWriteTimeUtc ? info.LastAccessTimeUtc : info.LastWriteTimeUtc));
        }
        var queued = new List<Blake3Hash>();
        foreach (var (hash, size, _) in found.OrderBy(f => f.Used))
        {
            var entry = new CacheEntry((int)size, uploaded.Contains(hash) ? CacheEntry.States.Uploaded : CacheEntry.States.Queued);
            entry.Stored.TrySetResult();
            _entries.Add(hash, entry);
            _cachedBytes += size;
            if (entry.State == CacheEntry.States.Uploaded)
            {
                entry.Acknowledged.TrySetResult();
                entry.Node = _evictable.AddLast(hash);
            }
            else
            {
                _queuedBlocks++;
                _queuedBytes += size;
                queued.Add(hash);
            }
        }
        _journal.Retain(_entries.Keys.ToHashSet());
        foreach (var hash in _removals.Where(_entries.ContainsKey).ToList())
        {
            // Stored again after a deletion that never reached the remote: the deletion is void.
            _removals.Remove(hash);
            _journal.ClearRemoval(hash);
        }
        lock (_gate) MakeRoom(0);
        _uploads = new UploadQueue(Perform, options) { Attempted = OnAttempted };
        foreach (var hash in _removals) _uploads.Enqueue(UploadQueue.Work.Remove, hash);
        foreach (var hash in queued) _uploads.Enqueue(UploadQueue.Work.Upload, hash);
        _statusTimer = new Timer(_ => WriteStatus(force: false), null, options.StatusInterval, options.StatusInterval);
        WriteStatus(force: true);
    }

    /// <summary>Where failures and recoveries of the remote store are reported (one line each); nothing when null.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>The cache directory (block files, journal, status file).</summary>
    public string Directory => _local.Root;

    /// <summary>The store behind the cache.</summary>
    public IBlockStore Remote => _remote;

    /// <summary>The cache's figures now.</summary>
    public BlockCacheStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new BlockCacheStatus(_queuedBlocks, _queuedBytes, _cachedBytes, _options.Capacity, _uploadedBlocks, _uploadedBytes,
                    _uploads.Failures, !_uploads.Failing, _uploads.LastError, _uploads.LastErrorUtc,
                    _options.Durability.ToString().ToLowerInvariant(), DateTimeOffset.UtcNow);
            }
        }
    }

    /// <summary>True when the block is cached, or stored remotely (and not being deleted there).</summary>
    public bool Contains(Blake3Hash hash)
    {
        lock (_gate)
        {
            if (_entries.ContainsKey(hash)) return true;
            if (_removals.Contains(hash)) return false;
        }
        return _remote.Contains(hash);
    }

    /// <summary>
    /// Stores the block in the cache and queues its upload. <paramref name="durable"/> under
    /// <see cref="CacheDurability.Local"/> fsyncs the cached file; under <see cref="CacheDurability.Remote"/> waits
    /// until the remote store acknowledged the block.
    /// </summary>
    /// <returns>True when the block was written, false when it was already cached.</returns>
    /// <exception cref="CacheFullException">The cache is full of blocks not yet uploaded (ENOSPC).</exception>
    /// <exception cref="IOException">The local disk refused the write, or (durable, remote durability) the remote did not acknowledge in time.</exception>
    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable)
    {
        CacheEntry entry;
        while (true)
        {
            CacheEntry? existing;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                // Reserve may wait (releasing the gate), so another writer of the same block may have come meanwhile.
                if (!_entries.TryGetValue(hash, out existing) && Reserve(data.Length) && !_entries.TryGetValue(hash, out existing))
                {
                    entry = new CacheEntry(data.Length, CacheEntry.States.Writing);
                    _entries.Add(hash, entry);
                    _cachedBytes += data.Length;
                    if (_removals.Remove(hash)) _journal.ClearRemoval(hash);
                    break;
                }
                Touch(existing!);
            }
            if (!WaitStored(existing!)) continue;
            if (durable) SyncMany([hash]);
            return false;
        }
        try
        {
            _local.Put(hash, data, durable && _options.Durability == CacheDurability.Local);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                if (Holds(hash, entry)) Drop(hash, entry);
                Monitor.PulseAll(_gate);
            }
            entry.Stored.TrySetException(e);
            throw;
        }
        lock (_gate)
        {
            if (Holds(hash, entry))
            {
                entry.State = CacheEntry.States.Queued;
                _queuedBlocks++;
                _queuedBytes += entry.Size;
            }
        }
        entry.Stored.TrySetResult();
        _uploads.Enqueue(UploadQueue.Work.Upload, hash);
        Changed();
        if (durable && _options.Durability == CacheDurability.Remote) WaitAcknowledged([entry]);
        return true;
    }

    /// <inheritdoc/>
    public int Read(Blake3Hash hash, long offset, Span<byte> buffer) => Read(hash, -1, offset, buffer);

    /// <summary>
    /// Reads from the cache, or on a miss fetches the whole block from the remote (one fetch however many readers
    /// miss it at once), keeps it in the cache when room can be made, and reads from that.
    /// </summary>
    /// <exception cref="BlockMissingException">Neither store has the block.</exception>
    /// <exception cref="IOException">A miss while the remote fails.</exception>
    public int Read(Blake3Hash hash, int size, long offset, Span<byte> buffer)
    {
        while (true)
        {
            CacheEntry? entry;
            lock (_gate)
            {
                if (_entries.TryGetValue(hash, out entry)) Touch(entry);
            }
            // Auditing: a block the remote acknowledged (or never cached) is read from the remote itself, and not kept.
            if (_auditing && entry is not { State: not CacheEntry.States.Uploaded }) return _remote.Read(hash, size, offset, buffer);
            if (entry is not null && WaitStored(entry))
            {
                try
                {
                    var read = _local.Read(hash, offset, buffer);
                    CountHit();
                    return read;
                }
                catch (BlockMissingException)
                {
                    // Evicted between the lookup and the read: fetch it again.
                }
            }
            // Null: another fetch (a prefetch) admitted the block since the lookup; read it from the cache.
            if (Fetch(hash, size, entry) is not { } bytes) continue;
            CountMiss();
            if (offset >= bytes.Length) return 0;
            var count = (int)Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan((int)offset, count).CopyTo(buffer);
            return count;
        }
    }

    /// <inheritdoc/>
    public long SizeOf(Blake3Hash hash)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out var entry) && !(_auditing && entry.State == CacheEntry.States.Uploaded)) return entry.Size;
            if (_removals.Contains(hash)) return -1;
        }
        return _remote.SizeOf(hash);
    }

    /// <inheritdoc/>
    public void Sync(Blake3Hash hash) => SyncMany([hash]);

    /// <summary>
    /// Makes the blocks durable as <see cref="BlockCacheOptions.Durability"/> says: fsyncs the cached files of those
    /// not yet uploaded (local), or waits until the remote acknowledged every one (remote). Blocks already uploaded,
    /// or not cached, are durable in the remote already.
    /// </summary>
    /// <exception cref="IOException">Remote durability: the remote did not acknowledge within <see cref="BlockCacheOptions.RemoteSyncTimeout"/>.</exception>
    public void SyncMany(IReadOnlyCollection<Blake3Hash> hashes)
    {
        var pending = new List<(Blake3Hash Hash, CacheEntry Entry)>();
        lock (_gate)
        {
            foreach (var hash in hashes)
            {
                if (_entries.TryGetValue(hash, out var entry) && entry.State != CacheEntry.States.Uploaded) pending.Add((hash, entry));
            }
        }
        if (pending.Count == 0) return;
        if (_options.Durability == CacheDurability.Remote)
        {
            WaitAcknowledged(pending.Select(p => p.Entry).ToList());
            return;
        }
        var files = pending.Where(p => WaitStored(p.Entry)).Select(p => p.Hash).ToList();
        try
        {
            _local.SyncMany(files);
        }
        catch (Exception e) when (Missing(e))
        {
            // One left the cache meanwhile (uploaded and evicted, or deleted): the others one by one.
            foreach (var hash in files)
            {
                try
                {
                    _local.Sync(hash);
                }
                catch (Exception missing) when (Missing(missing))
                {
                    // Gone from the cache: uploaded (durable remotely) or deleted.
                }
            }
        }
    }

    /// <summary>True when <paramref name="e"/> (or every exception it aggregates) says a block file is not there.</summary>
    private static bool Missing(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => true,
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(Missing),
        _ => false,
    };

    /// <summary>Starts fetching an uncached block into the cache in the background (dropped when all <see cref="BlockCacheOptions.PrefetchParallelism"/> slots are busy). Never throws.</summary>
    public void Prefetch(Blake3Hash hash, int size)
    {
        if (size <= 0) return;
        lock (_gate)
        {
            if (_disposed || _entries.ContainsKey(hash) || _fetches.ContainsKey(hash)) return;
        }
        if (!_prefetchSlots.Wait(0)) return;
        _ = Task.Run(() =>
        {
            try
            {
                Fetch(hash, size, seen: null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A hint only: the read that follows reports the failure.
            }
            finally
            {
                _prefetchSlots.Release();
            }
        });
    }

    /// <summary>
    /// Removes the block from the cache (dropping its queued upload) and from the remote. A remote deletion that
    /// fails is recorded and retried in the background; it is void if the block is stored again first.
    /// </summary>
    public void Delete(Blake3Hash hash)
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (_entries.TryGetValue(hash, out var entry))
            {
                Drop(hash, entry);
                _local.Delete(hash);
                _journal.Forget(hash);
                entry.Acknowledged.TrySetResult();
            }
            if (_removals.Add(hash)) _journal.AddRemoval(hash);
        }
        Changed();
        if (_uploads.Failing)
        {
            // The remote fails: the deletion waits in the journal for it (a try now would cost every retry).
            _uploads.Enqueue(UploadQueue.Work.Remove, hash);
            return;
        }
        try
        {
            RemoveRemote(hash);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _uploads.Enqueue(UploadQueue.Work.Remove, hash);
        }
    }

    /// <summary>Every block in the cache, then every other block in the remote (for fsck and gc).</summary>
    public IEnumerable<Blake3Hash> Enumerate()
    {
        HashSet<Blake3Hash> cached;
        lock (_gate)
        {
            cached = _entries.Keys.ToHashSet();
        }
        foreach (var hash in cached) yield return hash;
        foreach (var hash in _remote.Enumerate())
        {
            if (cached.Contains(hash)) continue;
            lock (_gate)
            {
                if (_removals.Contains(hash)) continue;
            }
            yield return hash;
        }
    }

    /// <summary>
    /// Turns this store into a view of the blocks' place of record, for fsck: from now on <see cref="SizeOf"/> and
    /// <see cref="Read(Blake3Hash, int, long, Span{byte})"/> answer for a block the remote acknowledged (or that is not
    /// cached) from the remote itself, never from its cached copy, and what is read so is not kept in the cache; a block
    /// still queued for upload is answered from the cache, its only copy until it is uploaded. Lists the remote once
    /// (a remote that knows sizes from its listing answers <see cref="IBlockStore.SizeOf"/> without a request after it).
    /// </summary>
    /// <param name="progress">Receives a line every 10,000 objects listed.</param>
    /// <returns>Blocks the remote holds and their bytes (as the remote stores them), and blocks queued for upload.</returns>
    /// <exception cref="IOException">The remote cannot be listed.</exception>
    public (long Objects, long Bytes, long Queued) AuditRemote(Action<string>? progress)
    {
        _auditing = true;
        long objects = 0, bytes = 0;
        foreach (var hash in _remote.Enumerate())
        {
            objects++;
            bytes += Math.Max(0, _remote.SizeOf(hash));
            if (objects % 10_000 == 0) progress?.Invoke($"{objects} objects ({ByteSize.Format(bytes)})");
        }
        lock (_gate)
        {
            return (objects, bytes, _queuedBlocks);
        }
    }

    /// <summary>The blocks in the cache now (queued or uploaded), without asking the remote.</summary>
    public IReadOnlyCollection<Blake3Hash> Cached()
    {
        lock (_gate)
        {
            return _entries.Keys.ToList();
        }
    }

    /// <summary>
    /// Takes the remote to be unreachable from now (it did not answer when the vault was opened; the caller reported
    /// that): deletions wait in the journal, uploads wait for the next probe, and only the recovery is logged.
    /// </summary>
    /// <param name="reason">Why (shown by <c>indra status</c> as the last error).</param>
    public void MarkRemoteFailing(string reason)
    {
        _wasFailing = true;
        _uploads.MarkFailing(reason);
        Changed();
    }

    /// <summary>True while the remote store is taken to be unreachable (the last upload or deletion attempt failed).</summary>
    public bool RemoteFailing => _uploads.Failing;

    /// <summary>Stops the upload workers (what is queued stays queued for the next start), writes the status file, closes the cache and the remote store (when disposable).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        _uploads.Stop(TimeSpan.FromSeconds(30));
        _statusTimer.Dispose();
        WriteStatus(force: true);
        lock (_gate)
        {
            _journal.Dispose();
        }
        _local.Dispose();
        (_remote as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Makes room for <paramref name="size"/> bytes (caller holds the gate), waiting for uploads while the remote
    /// answers. While it fails, one attempt is made at once (the store may have come back during the pause between
    /// retries) and the write is refused if that fails too.
    /// </summary>
    /// <returns>True (a refusal throws).</returns>
    private bool Reserve(int size)
    {
        if (size > _options.Capacity) throw new CacheFullException($"a block of {size} bytes does not fit in a block cache of {_options.Capacity} bytes");
        var deadline = Environment.TickCount64 + (long)_options.FullWait.TotalMilliseconds;
        var probed = false;
        while (!MakeRoom(size))
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0 || _disposed || (_uploads.Failing && probed))
            {
                throw new CacheFullException($"the block cache is full: {_queuedBlocks} blocks ({ByteSize.Format(_queuedBytes)}) wait for upload"
                    + (_uploads.Failing ? $" to a remote store that fails ({_uploads.LastError})" : $" and none finished within {_options.FullWait.TotalSeconds:0} s"));
            }
            if (_uploads.Failing)
            {
                probed = true;
                var seen = _uploads.Attempts;
                _uploads.RetryNow();
                while (_uploads.Attempts == seen && !_disposed && (left = deadline - Environment.TickCount64) > 0) Monitor.Wait(_gate, (int)Math.Min(left, 1000));
                continue;
            }
            Monitor.Wait(_gate, (int)Math.Min(left, 1000));
        }
        return true;
    }

    /// <summary>Evicts least recently used uploaded blocks until <paramref name="size"/> more bytes fit (caller holds the gate); false when they cannot.</summary>
    private bool MakeRoom(long size)
    {
        while (_cachedBytes + size > _options.Capacity)
        {
            if (_evictable.First is not { } oldest) return false;
            var entry = _entries[oldest.Value];
            Drop(oldest.Value, entry);
            _local.Delete(oldest.Value);
            _journal.Forget(oldest.Value);
        }
        return true;
    }

    /// <summary>Takes an entry out of the bookkeeping (caller holds the gate).</summary>
    private void Drop(Blake3Hash hash, CacheEntry entry)
    {
        _entries.Remove(hash);
        _cachedBytes -= entry.Size;
        if (entry.Node is not null) _evictable.Remove(entry.Node);
        entry.Node = null;
        if (entry.State == CacheEntry.States.Queued)
        {
            _queuedBlocks--;
            _queuedBytes -= entry.Size;
        }
    }

    /// <summary>Marks a use of an entry for the LRU order (caller holds the gate).</summary>
    private void Touch(CacheEntry entry)
    {
        if (entry.Node is null) return;
        _evictable.Remove(entry.Node);
        _evictable.AddLast(entry.Node);
    }

    private bool Holds(Blake3Hash hash, CacheEntry entry) => _entries.TryGetValue(hash, out var current) && ReferenceEquals(current, entry);

    /// <summary>Waits until the entry's file is written; false when its writer failed.</summary>
    private static bool WaitStored(CacheEntry entry)
    {
        try
        {
            entry.Stored.Task.GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private void WaitAcknowledged(IReadOnlyList<CacheEntry> entries)
    {
        var waiting = entries.Select(e => e.Acknowledged.Task).Where(t => !t.IsCompleted).ToArray();
        if (waiting.Length == 0) return;
        if (!Task.WaitAll(waiting, _options.RemoteSyncTimeout))
        {
            var left = waiting.Count(t => !t.IsCompleted);
            throw new IOException($"the remote block store did not acknowledge {left} blocks within {_options.RemoteSyncTimeout.TotalSeconds:0} s"
                + (_uploads.LastError is { } error ? $" (last error: {error})" : ""));
        }
    }

    /// <summary>
    /// The whole block from the remote, fetched once however many callers ask at once, and kept in the cache when it
    /// fits; or null, fetching nothing, when the cache now holds an entry for the block other than
    /// <paramref name="seen"/> (the caller's lookup found <paramref name="seen"/>, or nothing): a fetch that ended
    /// between that lookup and this call admitted it, and the caller reads it from the cache. A caller that joined
    /// another caller's fetch which then failed to reach the remote tries once more with its own: that fetch may have
    /// asked the remote before this call began.
    /// </summary>
    /// <exception cref="IOException">The remote failed this call's own fetch (or the joined one's twice).</exception>
    private byte[]? Fetch(Blake3Hash hash, int size, CacheEntry? seen)
    {
        for (var joined = false; ; joined = true)
        {
            Task<byte[]>? running;
            TaskCompletionSource<byte[]>? mine = null;
            lock (_gate)
            {
                if (_entries.TryGetValue(hash, out var now) && !ReferenceEquals(now, seen)) return null;
                if (!_fetches.TryGetValue(hash, out running))
                {
                    mine = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                    running = mine.Task;
                    _fetches.Add(hash, running);
                }
            }
            if (mine is not null)
            {
                byte[]? bytes = null;
                Exception? failure = null;
                try
                {
                    bytes = Download(hash, size);
                    Admit(hash, bytes);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                // Out of the table before a joined caller wakes: one that tries again must start a fetch of its own,
                // not join this one again.
                lock (_gate) _fetches.Remove(hash);
                if (failure is null) mine.SetResult(bytes!);
                else mine.SetException(failure);
                return running.GetAwaiter().GetResult();
            }
            try
            {
                return running.GetAwaiter().GetResult();
            }
            catch (Exception e) when (!joined && e is TimeoutException or IOException and not BlockMissingException)
            {
                // The fetch this caller joined failed, and it may have asked the remote before this call began (a
                // remote that was unreachable then and answers now): try once more with a fetch of this call's own.
            }
        }
    }

    private byte[] Download(Blake3Hash hash, int size)
    {
        var length = size >= 0 ? size : _remote.SizeOf(hash);
        if (length < 0) throw new BlockMissingException(hash);
        var bytes = new byte[length];
        var read = ReadAll(_remote, hash, (int)length, bytes);
        if (read != length) throw new IOException($"block {hash} from the remote store has {read} bytes, expected {length}");
        CountFetched(read);
        return bytes;
    }

    /// <summary>Keeps a block fetched from the remote in the cache (already uploaded), if room can be made without waiting.</summary>
    private void Admit(Blake3Hash hash, byte[] bytes)
    {
        var entry = new CacheEntry(bytes.Length, CacheEntry.States.Writing);
        lock (_gate)
        {
            if (_disposed || _entries.ContainsKey(hash) || !MakeRoom(bytes.Length)) return;
            _entries.Add(hash, entry);
            _cachedBytes += bytes.Length;
        }
        try
        {
            _local.Put(hash, bytes, durable: false);
        }
        catch (IOException)
        {
            lock (_gate)
            {
                if (Holds(hash, entry)) Drop(hash, entry);
            }
            entry.Stored.TrySetException(new BlockMissingException(hash));
            return;
        }
        lock (_gate)
        {
            if (Holds(hash, entry) && !_disposed)
            {
                _journal.MarkUploaded(hash);
                entry.State = CacheEntry.States.Uploaded;
                entry.Node = _evictable.AddLast(hash);
            }
        }
        entry.Stored.TrySetResult();
        entry.Acknowledged.TrySetResult();
        Changed();
    }

    /// <summary>Does one item of the upload queue; throws when the remote fails (the queue retries it).</summary>
    private void Perform(UploadQueue.Work kind, Blake3Hash hash)
    {
        if (kind == UploadQueue.Work.Remove)
        {
            RemoveRemote(hash);
            return;
        }
        CacheEntry? entry;
        lock (_gate)
        {
            // A deletion of the same block in flight finishes first, so an upload never lands before it.
            while (_removing.Contains(hash)) Monitor.Wait(_gate);
            if (!_entries.TryGetValue(hash, out entry) || entry.State != CacheEntry.States.Queued) return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, entry.Size));
        try
        {
            int read;
            try
            {
                read = ReadAll(_local, hash, entry.Size, buffer.AsSpan(0, entry.Size));
            }
            catch (BlockMissingException)
            {
                return; // deleted meanwhile: nothing to upload
            }
            if (read != entry.Size) throw new IOException($"cached block {hash} has {read} bytes, expected {entry.Size}");
            _remote.Put(hash, buffer.AsSpan(0, read), durable: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        lock (_gate)
        {
            if (Holds(hash, entry) && entry.State == CacheEntry.States.Queued && !_disposed)
            {
                _journal.MarkUploaded(hash);
                entry.State = CacheEntry.States.Uploaded;
                _queuedBlocks--;
                _queuedBytes -= entry.Size;
                _uploadedBlocks++;
                _uploadedBytes += entry.Size;
                entry.Node = _evictable.AddLast(hash);
                MakeRoom(0);
                Monitor.PulseAll(_gate);
            }
        }
        entry.Acknowledged.TrySetResult();
    }

    /// <summary>Deletes a block from the remote if its deletion is still wanted; throws when the remote fails.</summary>
    private void RemoveRemote(Blake3Hash hash)
    {
        lock (_gate)
        {
            if (!_removals.Contains(hash) || !_removing.Add(hash)) return;
        }
        try
        {
            _remote.Delete(hash);
            lock (_gate)
            {
                if (_removals.Remove(hash) && !_disposed) _journal.ClearRemoval(hash);
            }
        }
        finally
        {
            lock (_gate)
            {
                _removing.Remove(hash);
                Monitor.PulseAll(_gate);
            }
            Changed();
        }
    }

    private static int ReadAll(IBlockStore store, Blake3Hash hash, int size, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = store.Read(hash, size, total, buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private void OnAttempted()
    {
        var failing = _uploads.Failing;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
        if (failing != _wasFailing)
        {
            _wasFailing = failing;
            Log?.Invoke(failing
                ? $"the remote block store fails ({_uploads.LastError}); {Interlocked.Read(ref _queuedBlocks)} blocks stay queued in the cache and uploads are retried"
                : "the remote block store answers again; uploading the queued blocks");
        }
        Changed();
    }

    private void Changed() => Interlocked.Increment(ref _statusVersion);

    private void WriteStatus(bool force)
    {
        // One writer at a time: the timer's and the final one at close share the temporary file.
        lock (_statusGate)
        {
            var version = Volatile.Read(ref _statusVersion);
            if (!force && version == _statusWritten) return;
            try
            {
                Status.Write(_local.Root);
                _statusWritten = version;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Figures for 'indra status' only; the next change writes them again.
            }
        }
    }
}

using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Mirrors the application's file handles as vault handles so that attention follows them: FILE_OPENED opens the
/// vault file (navigate_to) and the matching FILE_HANDLE_CLOSED_* releases it (navigate_back), keyed by the
/// callback's FileId. The notification callbacks only queue the open or close (<see cref="QueueOpen"/>,
/// <see cref="QueueClose"/>); a worker thread makes the vault calls in order, so a callback thread never waits for
/// the vault. GetFileData for the same FileId borrows the handle (opening it at once if the worker has not yet), so
/// hydrating a file the user opened adds no attention events of its own.
/// </summary>
internal sealed class VaultHandleTracker
{
    private readonly IVaultFileSystem _fileSystem;
    private readonly VaultNodeResolver _resolver;
    private readonly ProjFsLog _log;
    private readonly Dictionary<Guid, Tracked> _handles = [];
    private readonly Lock _gate = new();
    private readonly Queue<(Guid FileId, bool Open)> _work = new();
    private readonly Dictionary<Guid, string> _pendingOpens = [];
    private readonly object _queueGate = new();
    private Thread? _worker;
    private bool _stopped;
    private int _busy;

    /// <summary>Creates a tracker over <paramref name="fileSystem"/>.</summary>
    public VaultHandleTracker(IVaultFileSystem fileSystem, ProjFsLog log)
    {
        _fileSystem = fileSystem;
        _resolver = new VaultNodeResolver(fileSystem);
        _log = log;
    }

    /// <summary>Number of vault handles currently held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _handles.Count;
            }
        }
    }

    /// <summary>True while queued opens or closes wait for the worker.</summary>
    public bool HasQueuedWork
    {
        get
        {
            lock (_queueGate)
            {
                return _work.Count > 0 || _busy > 0;
            }
        }
    }

    /// <summary>Queues the vault open for application handle <paramref name="fileId"/> on the file at ProjFS path
    /// <paramref name="path"/> (from FILE_OPENED; returns at once).</summary>
    public void QueueOpen(Guid fileId, string path) => Enqueue(fileId, path);

    /// <summary>Queues the release of <paramref name="fileId"/>'s vault handle (from FILE_HANDLE_CLOSED_*; returns at once).</summary>
    public void QueueClose(Guid fileId) => Enqueue(fileId, null);

    /// <summary>Opens <paramref name="inode"/> read-only for the application handle <paramref name="fileId"/>.</summary>
    /// <returns>The vault's error; the caller never fails the application's open because of it.</returns>
    public Errno Opened(Guid fileId, ulong inode)
    {
        lock (_gate)
        {
            return OpenLocked(fileId, inode, borrow: false, out _);
        }
    }

    /// <summary>Releases the vault handle of <paramref name="fileId"/> (after any borrower returns it).</summary>
    public void Closed(Guid fileId)
    {
        Tracked? tracked;
        lock (_gate)
        {
            if (!_handles.Remove(fileId, out tracked))
            {
                return;
            }

            if (tracked.Borrowers > 0)
            {
                tracked.ClosePending = true;
                return;
            }
        }

        Release(tracked);
    }

    /// <summary>
    /// Borrows the vault handle of <paramref name="fileId"/> for a read; return it with <see cref="Return"/>. An open
    /// still queued for the handle is made now, on <paramref name="inode"/>.
    /// </summary>
    public bool TryBorrow(Guid fileId, ulong inode, out Tracked tracked)
    {
        lock (_gate)
        {
            if (_handles.TryGetValue(fileId, out tracked!))
            {
                if (tracked.Inode != inode)
                {
                    return false;
                }

                tracked.Borrowers++;
                return true;
            }

            bool queued;
            lock (_queueGate)
            {
                queued = _pendingOpens.Remove(fileId);
            }

            return queued && OpenLocked(fileId, inode, borrow: true, out tracked) == Errno.None && tracked is not null;
        }
    }

    /// <summary>Returns a borrowed handle.</summary>
    public void Return(Tracked tracked)
    {
        lock (_gate)
        {
            tracked.Borrowers--;
            if (tracked.Borrowers > 0 || !tracked.ClosePending)
            {
                return;
            }
        }

        Release(tracked);
    }

    /// <summary>Stops the worker (queued opens and closes are dropped) and releases every handle (unmount).</summary>
    public void ReleaseAll()
    {
        Thread? worker;
        lock (_queueGate)
        {
            _stopped = true;
            worker = _worker;
            if (_work.Count > 0)
            {
                _log.Debug($"dropping {_work.Count} queued attention open(s)/close(s) at unmount");
            }

            _work.Clear();
            _pendingOpens.Clear();
            Monitor.PulseAll(_queueGate);
        }

        if (worker is not null && worker != Thread.CurrentThread)
        {
            worker.Join();
        }

        List<Tracked> all;
        lock (_gate)
        {
            all = [.. _handles.Values];
            _handles.Clear();
        }

        foreach (var tracked in all)
        {
            Release(tracked);
        }
    }

    private void Enqueue(Guid fileId, string? openPath)
    {
        lock (_queueGate)
        {
            if (_stopped)
            {
                return;
            }

            if (openPath is not null)
            {
                _pendingOpens[fileId] = openPath;
            }

            _work.Enqueue((fileId, openPath is not null));
            if (_worker is null)
            {
                _worker = new Thread(Run) { IsBackground = true, Name = "projfs-attention" };
                _worker.Start();
            }

            Monitor.Pulse(_queueGate);
        }
    }

    private void Run()
    {
        while (true)
        {
            (Guid FileId, bool Open) item;
            lock (_queueGate)
            {
                while (_work.Count == 0 && !_stopped)
                {
                    Monitor.Wait(_queueGate);
                }

                if (_stopped)
                {
                    return;
                }

                item = _work.Dequeue();
                _busy++;
            }

            try
            {
                if (item.Open)
                {
                    OpenQueued(item.FileId);
                }
                else
                {
                    Closed(item.FileId);
                }
            }
            catch (Exception exception)
            {
                _log.Error($"attention for handle {item.FileId} failed", exception);
            }
            finally
            {
                lock (_queueGate)
                {
                    _busy--;
                }
            }
        }
    }

    private void OpenQueued(Guid fileId)
    {
        lock (_gate)
        {
            string? path;
            lock (_queueGate)
            {
                if (!_pendingOpens.Remove(fileId, out path))
                {
                    return; // GetFileData opened it already
                }
            }

            if (_resolver.Resolve(path, out var node) != Errno.None || node.Attributes.Kind != NodeKind.File)
            {
                return;
            }

            var errno = OpenLocked(fileId, node.Inode, borrow: false, out _);
            if (errno != Errno.None)
            {
                _log.Debug($"no attention for '{path}': opening it in the vault failed with {errno}");
            }
        }
    }

    private Errno OpenLocked(Guid fileId, ulong inode, bool borrow, out Tracked tracked)
    {
        if (_handles.TryGetValue(fileId, out tracked!))
        {
            return Errno.None;
        }

        var errno = _fileSystem.Open(inode, OpenFlags.ReadOnly, CallerContext.Self, out var open);
        if (errno != Errno.None)
        {
            tracked = null!;
            return errno;
        }

        tracked = new Tracked(inode, open.Handle) { Borrowers = borrow ? 1 : 0 };
        _handles.Add(fileId, tracked);
        return Errno.None;
    }

    private void Release(Tracked tracked)
    {
        var errno = _fileSystem.Release(tracked.Inode, tracked.Handle);
        if (errno != Errno.None)
        {
            _log.Warn($"releasing vault handle {tracked.Handle} of inode {tracked.Inode} failed: {errno}");
        }
    }

    /// <summary>A vault handle held for an application handle.</summary>
    internal sealed class Tracked(ulong inode, ulong handle)
    {
        /// <summary>The vault inode.</summary>
        public ulong Inode { get; } = inode;

        /// <summary>The vault handle.</summary>
        public ulong Handle { get; } = handle;

        /// <summary>Reads in progress on the handle (guarded by the tracker's lock).</summary>
        public int Borrowers { get; set; }

        /// <summary>The application closed its handle while a read was in progress.</summary>
        public bool ClosePending { get; set; }
    }
}

using Indra.FileSystem;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Mirrors the application's file handles as vault handles so that attention follows them: FILE_OPENED opens the
/// vault file (navigate_to) and the matching FILE_HANDLE_CLOSED_* releases it (navigate_back), keyed by the
/// callback's FileId. GetFileData for the same FileId borrows the handle, so hydrating a file the user opened adds no
/// attention events of its own.
/// </summary>
internal sealed class VaultHandleTracker
{
    private readonly IVaultFileSystem _fileSystem;
    private readonly ProjFsLog _log;
    private readonly Dictionary<Guid, Tracked> _handles = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a tracker over <paramref name="fileSystem"/>.</summary>
    public VaultHandleTracker(IVaultFileSystem fileSystem, ProjFsLog log)
    {
        _fileSystem = fileSystem;
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

    /// <summary>Opens <paramref name="inode"/> read-only for the application handle <paramref name="fileId"/>.</summary>
    /// <returns>The vault's error; the caller never fails the application's open because of it.</returns>
    public Errno Opened(Guid fileId, ulong inode)
    {
        lock (_gate)
        {
            if (_handles.ContainsKey(fileId))
            {
                return Errno.None;
            }
        }

        var errno = _fileSystem.Open(inode, OpenFlags.ReadOnly, CallerContext.Self, out var open);
        if (errno != Errno.None)
        {
            return errno;
        }

        lock (_gate)
        {
            if (_handles.TryAdd(fileId, new Tracked(inode, open.Handle)))
            {
                return Errno.None;
            }
        }

        _fileSystem.Release(inode, open.Handle);
        return Errno.None;
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

    /// <summary>Borrows the vault handle of <paramref name="fileId"/> for a read; return it with <see cref="Return"/>.</summary>
    public bool TryBorrow(Guid fileId, ulong inode, out Tracked tracked)
    {
        lock (_gate)
        {
            if (_handles.TryGetValue(fileId, out tracked!) && tracked.Inode == inode)
            {
                tracked.Borrowers++;
                return true;
            }
        }

        tracked = null!;
        return false;
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

    /// <summary>Releases every handle (unmount).</summary>
    public void ReleaseAll()
    {
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

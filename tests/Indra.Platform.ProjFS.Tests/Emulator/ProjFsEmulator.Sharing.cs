using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    [ThreadStatic]
    private static EmulatedCaller? _actingAs;

    private readonly List<EmulatedFileHandle> _openFiles = [];
    private readonly List<EmulatedIo> _io = [];

    /// <summary>
    /// The process the current thread's calls come from: the one set by <see cref="ActAs"/> (the host's own I/O),
    /// else the emulated application (<see cref="EmulatorOptions.ApplicationProcessId"/>,
    /// <see cref="ApplicationImageFileName"/>).
    /// </summary>
    public EmulatedCaller CurrentCaller => _actingAs ?? new EmulatedCaller(Options.ApplicationProcessId, ApplicationImageFileName);

    /// <summary>Every open, close, listing, delete and rename so far, by whichever process made it.</summary>
    public IReadOnlyList<EmulatedIo> Io
    {
        get
        {
            lock (_gate)
            {
                return [.. _io];
            }
        }
    }

    /// <summary>Makes the current thread's calls come from <paramref name="caller"/> until the scope is disposed.</summary>
    public CallerScope ActAs(EmulatedCaller caller)
    {
        var previous = _actingAs;
        _actingAs = caller;
        return new CallerScope(previous);
    }

    /// <summary>True once PrjMarkDirectoryAsPlaceholder made the root a virtualization root.</summary>
    public bool IsMarked
    {
        get
        {
            lock (_gate)
            {
                return _instanceId is not null;
            }
        }
    }

    /// <summary>
    /// What GetFileAttributesEx reports (an open without a handle left behind): the path is resolved like an open
    /// (GetPlaceholderInfo for a virtual name, which lays a placeholder down) and no notification is sent. A
    /// placeholder not yet hydrated has the size the provider gave it. Null when nothing is there or the path cannot be
    /// resolved now (as System.IO's FileInfo.Exists answers).
    /// </summary>
    public LocalFileStatus? Stat(string path)
    {
        lock (_gate)
        {
            Lookup lookup;
            try
            {
                lookup = Resolve(path);
            }
            catch (EmulatedIOException)
            {
                return null;
            }

            if (lookup.Item is not { } item)
            {
                return null;
            }

            var real = RealPath(item.Path);
            if (item.IsDirectory)
            {
                return new LocalFileStatus(true, 0, Directory.GetLastWriteTimeUtc(real));
            }

            var file = new FileInfo(real);
            return new LocalFileStatus(false, item.State == EmulatedItemState.Placeholder ? item.FileSize : file.Length, file.LastWriteTimeUtc);
        }
    }

    /// <summary>Open file handles of every process on <paramref name="path"/>.</summary>
    public int OpenHandleCount(string path)
    {
        lock (_gate)
        {
            var key = Normalize(path);
            return _openFiles.Count(h => SameName(h.Item.Path, key));
        }
    }

    /// <summary>
    /// The share-access check of an open (NTFS IoCheckShareAccess): every handle already open on the file must share
    /// what the new one asks for, and the new one must share what each of them holds; else ERROR_SHARING_VIOLATION.
    /// </summary>
    private void CheckSharing(EmulatedItem item, FileAccess access, FileShare share, string path)
    {
        foreach (var other in _openFiles.Where(h => ReferenceEquals(h.Item, item)))
        {
            var refused = ((access & FileAccess.Read) != 0 && (other.Share & FileShare.Read) == 0)
                || ((access & FileAccess.Write) != 0 && (other.Share & FileShare.Write) == 0)
                || ((other.Access & FileAccess.Read) != 0 && (share & FileShare.Read) == 0)
                || ((other.Access & FileAccess.Write) != 0 && (share & FileShare.Write) == 0);
            if (refused)
            {
                RecordIo("open-refused", item.Path, $"{access},{share}");
                throw Fail($"'{path}' ({access}, sharing {share}) conflicts with a handle of process {other.Caller.ProcessId} ({other.Access}, sharing {other.Share})",
                    HResult.SharingViolation);
            }
        }
    }

    /// <summary>A delete or rename opens the file for DELETE access: every open handle must share delete.</summary>
    private void CheckDeleteSharing(EmulatedItem item, string path)
    {
        if (_openFiles.FirstOrDefault(h => IsSameOrUnder(h.Item.Path, item.Path) && (h.Share & FileShare.Delete) == 0) is { } other)
        {
            throw Fail($"'{path}' cannot be deleted or renamed: process {other.Caller.ProcessId} holds it without delete sharing", HResult.SharingViolation);
        }
    }

    private void RecordIo(string operation, string path, string detail = "") => _io.Add(new EmulatedIo(CurrentCaller.ProcessId, operation, path, detail));

    internal long LengthOf(EmulatedFileHandle handle)
    {
        lock (_gate)
        {
            var item = handle.Item;
            return item.State == EmulatedItemState.Placeholder ? item.FileSize : new FileInfo(RealPath(item.Path)).Length;
        }
    }

    internal void SetLength(EmulatedFileHandle handle, long length)
    {
        lock (_gate)
        {
            if (handle.IsClosed || (handle.Access & FileAccess.Write) == 0)
            {
                throw Fail("the handle is not open for writing", HResult.AccessDenied);
            }

            using var file = new FileStream(RealPath(handle.Item.Path), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.SetLength(length);
            handle.Modified = true;
        }
    }

    /// <summary>
    /// The host touched the virtualization root from a callback thread. On Windows that I/O needs callbacks of its own
    /// (hydration, enumeration, notifications) while the pool thread it would need waits for it: the same discipline as
    /// PrjGetOnDiskFileState from a callback. Recorded as a violation starting with "host I/O".
    /// </summary>
    internal void HostIoFromCallback(string operation, string path)
    {
        lock (_gate)
        {
            Violation($"host I/O: {operation} '{path}' under the virtualization root from a callback thread (it needs callbacks itself and can deadlock the pool)");
        }
    }

    /// <summary>Restores the previous caller of the thread (see <see cref="ActAs"/>).</summary>
    public readonly struct CallerScope : IDisposable
    {
        private readonly EmulatedCaller? _previous;

        internal CallerScope(EmulatedCaller? previous) => _previous = previous;

        /// <summary>Ends the scope.</summary>
        public void Dispose() => _actingAs = _previous;
    }
}

using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    private readonly Dictionary<Guid, Hydration> _hydrations = [];

    /// <summary>Opens a file for reading (like <c>File.OpenRead</c>).</summary>
    public EmulatedFileHandle OpenRead(string path) => Open(path, FileMode.Open, FileAccess.Read);

    /// <summary>Opens an existing file for writing without truncating it.</summary>
    public EmulatedFileHandle OpenWrite(string path) => Open(path, FileMode.Open, FileAccess.ReadWrite);

    /// <summary>Creates a new file (CREATE_NEW).</summary>
    public EmulatedFileHandle Create(string path) => Open(path, FileMode.CreateNew, FileAccess.ReadWrite);

    /// <summary>Reads a whole file (open, read, close).</summary>
    public byte[] ReadAll(string path)
    {
        using var handle = OpenRead(path);
        return handle.ReadToEnd();
    }

    /// <summary>Writes a whole file like <c>File.WriteAllBytes</c> (CREATE_ALWAYS, write, close).</summary>
    public void WriteAll(string path, ReadOnlySpan<byte> data)
    {
        using var handle = Open(path, FileMode.Create, FileAccess.Write);
        handle.Write(0, data);
    }

    /// <summary>True when the path exists for an application (on disk or projected).</summary>
    public bool Exists(string path)
    {
        lock (_gate)
        {
            try
            {
                return Resolve(path).Found;
            }
            catch (EmulatedIOException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) a file with a .NET <see cref="FileMode"/> (rules 17–25): the path is resolved (placeholders
    /// are made for virtual components); an existing file gets FILE_OPENED, or FILE_OVERWRITTEN for Create/Truncate
    /// (it becomes full with no data fetched); opening a placeholder for writing sends FILE_PRE_CONVERT_TO_FULL once,
    /// hydrates it and makes it full; a new file is created full and gets NEW_FILE_CREATED. Read-only files cannot be
    /// opened for writing. <paramref name="share"/> is checked against the handles already open on the file (any
    /// process's, the host's included) before anything changes: a conflict is ERROR_SHARING_VIOLATION. The default is
    /// what .NET's FileStream uses (FileShare.Read).
    /// </summary>
    public EmulatedFileHandle Open(string path, FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        lock (_gate)
        {
            RecordIo("open", Normalize(path), $"{mode},{access},{share}");
            var lookup = Resolve(path);
            var write = (access & FileAccess.Write) != 0;
            if (!lookup.Found)
            {
                if (mode is FileMode.Open or FileMode.Truncate)
                {
                    throw Fail($"'{path}' not found", HResult.FileNotFound);
                }

                return CreateFile(lookup, access, share);
            }

            var item = lookup.Item!;
            if (item.IsDirectory)
            {
                throw Fail($"'{path}' is a directory", HResult.AccessDenied);
            }

            if (mode == FileMode.CreateNew)
            {
                throw Fail($"'{path}' exists", HResult.FileExists);
            }

            if (write && (item.FileAttributes & FileAttributeBits.ReadOnly) != 0)
            {
                throw Fail($"'{path}' is read-only", HResult.AccessDenied);
            }

            CheckSharing(item, access, share, path);
            var handle = new EmulatedFileHandle(this, item, access, share);
            if (mode is FileMode.Create or FileMode.Truncate)
            {
                item.State = EmulatedItemState.Full;
                File.WriteAllBytes(RealPath(item.Path), []);
                item.OpenHandles++;
                _openFiles.Add(handle);
                Notify(PrjNotification.FileOverwritten, item.Path, isDirectory: false, handle.FileId);
                return handle;
            }

            if (write && item.State is EmulatedItemState.Placeholder or EmulatedItemState.HydratedPlaceholder)
            {
                ConvertToFull(item, handle);
            }

            var hr = Notify(PrjNotification.FileOpened, item.Path, isDirectory: false, handle.FileId);
            if (!HResult.Succeeded(hr))
            {
                throw Fail($"the provider cancelled the open of '{path}'", hr);
            }

            item.OpenHandles++;
            _openFiles.Add(handle);
            return handle;
        }
    }

    private EmulatedFileHandle CreateFile(Lookup lookup, FileAccess access, FileShare share)
    {
        var parent = lookup.Parent!;
        if (lookup.Tombstone is not null)
        {
            _items.Remove(lookup.Tombstone.Path);
        }

        var item = new EmulatedItem { Path = Combine(parent.Path, lookup.Name), IsDirectory = false, State = EmulatedItemState.Full };
        File.WriteAllBytes(RealPath(item.Path), []);
        _items[item.Path] = item;
        MarkParentDirty(item.Path);
        var handle = new EmulatedFileHandle(this, item, access, share);
        item.OpenHandles++;
        _openFiles.Add(handle);
        Notify(PrjNotification.NewFileCreated, item.Path, isDirectory: false, handle.FileId);
        return handle;
    }

    private void ConvertToFull(EmulatedItem item, EmulatedFileHandle handle)
    {
        if (Options.HydrateBeforeConvertToFull && item.State == EmulatedItemState.Placeholder)
        {
            Hydrate(item, handle);
        }

        var hr = Notify(PrjNotification.FilePreConvertToFull, item.Path, isDirectory: false, handle.FileId);
        if (!HResult.Succeeded(hr))
        {
            throw Fail($"the provider refused to let '{item.Path}' be written", hr);
        }

        if (item.State == EmulatedItemState.Placeholder)
        {
            Hydrate(item, handle);
        }

        item.State = EmulatedItemState.Full;
    }

    internal byte[] Read(EmulatedFileHandle handle, long offset, int count)
    {
        using var caller = ActAs(handle.Caller);
        lock (_gate)
        {
            if (handle.IsClosed || (handle.Access & FileAccess.Read) == 0)
            {
                throw Fail("the handle is not open for reading", HResult.AccessDenied);
            }

            var item = handle.Item;
            if (item.State == EmulatedItemState.Placeholder)
            {
                Hydrate(item, handle);
            }

            using var file = new FileStream(RealPath(item.Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset >= file.Length)
            {
                return [];
            }

            file.Position = offset;
            var buffer = new byte[(int)Math.Min(count, file.Length - offset)];
            file.ReadExactly(buffer);
            return buffer;
        }
    }

    internal void Write(EmulatedFileHandle handle, long offset, byte[] data)
    {
        using var caller = ActAs(handle.Caller);
        lock (_gate)
        {
            if (handle.IsClosed || (handle.Access & FileAccess.Write) == 0)
            {
                throw Fail("the handle is not open for writing", HResult.AccessDenied);
            }

            using var file = new FileStream(RealPath(handle.Item.Path), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.Position = offset;
            file.Write(data);
            handle.Modified = true;
        }
    }

    internal void Close(EmulatedFileHandle handle)
    {
        using var caller = ActAs(handle.Caller);
        lock (_gate)
        {
            if (handle.IsClosed)
            {
                return;
            }

            handle.IsClosed = true;
            var item = handle.Item;
            item.OpenHandles--;
            _openFiles.Remove(handle);
            RecordIo(handle.Modified ? "close-modified" : "close", item.Path);
            var notification = handle.Modified ? PrjNotification.FileHandleClosedFileModified : PrjNotification.FileHandleClosedNoModification;
            Notify(notification, item.Path, isDirectory: false, handle.FileId);
            if (item.OpenHandles == 0)
            {
                item.MaskOverride = null;
            }
        }
    }

    /// <summary>
    /// First read of a non-hydrated placeholder (rule 20): GetFileData with the name the placeholder was created under,
    /// its data stream id and version, for the whole file from offset 0 (or, with
    /// <see cref="EmulatorOptions.RandomFileDataRanges"/>, for random ranges in random order); the provider's
    /// PrjWriteFileData calls must cover each range before S_OK. Then the file is a hydrated placeholder. A second
    /// reader of a file being hydrated waits for the first hydration.
    /// </summary>
    private void Hydrate(EmulatedItem item, EmulatedFileHandle handle)
    {
        while (item.Hydrating)
        {
            System.Threading.Monitor.Wait(_gate);
        }

        if (item.State != EmulatedItemState.Placeholder)
        {
            return;
        }

        if (!_active || _callbacks is null)
        {
            throw Fail($"reading '{item.Path}' needs the provider, which is not running", HResult.VirtualizationUnavailable);
        }

        if (item.FileSize == 0)
        {
            item.State = EmulatedItemState.HydratedPlaceholder;
            return;
        }

        var hydration = new Hydration(item, handle, item.FileSize) { CloseHandleAfterFirstWrite = handle.CloseDuringHydration };
        _hydrations[item.DataStreamId] = hydration;
        item.Hydrating = true;
        try
        {
            var callbacks = _callbacks;
            foreach (var (offset, length) in FileDataRanges(item.FileSize))
            {
                var data = NewData(item.OriginalPath, item.Version, handle.FileId, item.DataStreamId);
                var hr = Invoke($"GetFileData({item.OriginalPath},{offset},{length})", data, d => callbacks.GetFileData(d, (ulong)offset, (uint)length));
                if (hydration.HandleGone)
                {
                    throw Fail($"the application closed its handle while '{item.Path}' was being hydrated", HResult.InvalidHandle);
                }

                if (!HResult.Succeeded(hr))
                {
                    throw Fail($"reading '{item.Path}' failed", hr);
                }

                if (!hydration.Covers(offset, offset + length))
                {
                    Violation($"GetFileData '{item.OriginalPath}' returned S_OK without writing bytes {offset}..{offset + length} it was asked for");
                }
            }
        }
        finally
        {
            _hydrations.Remove(item.DataStreamId);
            item.Hydrating = false;
            System.Threading.Monitor.PulseAll(_gate);
        }

        if (!hydration.IsComplete())
        {
            Violation($"GetFileData '{item.OriginalPath}' returned S_OK without writing all {item.FileSize} bytes");
        }

        if (_items.TryGetValue(item.Path, out var current) && ReferenceEquals(current, item) && item.State == EmulatedItemState.Placeholder)
        {
            File.WriteAllBytes(RealPath(item.Path), hydration.Data);
            item.State = EmulatedItemState.HydratedPlaceholder;
        }
    }

    /// <summary>The (offset, length) ranges GetFileData is called for: the whole file, or random ranges in random order.</summary>
    private List<(long Offset, long Length)> FileDataRanges(long size)
    {
        if (!Options.RandomFileDataRanges)
        {
            return [(0, size)];
        }

        var random = new Random(HashCode.Combine(Options.RandomSeed, _nextCommandId));
        var unit = Math.Max(1L, Options.WriteAlignment);
        var ranges = new List<(long, long)>();
        for (long offset = 0; offset < size;)
        {
            var length = Math.Min(size - offset, unit * random.Next(1, 1 + (int)Math.Max(1, size / unit / 3 + 1)));
            ranges.Add((offset, length));
            offset += length;
        }

        return [.. ranges.OrderBy(_ => random.Next())];
    }
}

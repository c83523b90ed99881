using System.IO.Enumeration;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    private readonly Dictionary<nint, DirBuffer> _buffers = [];
    private nint _nextBuffer = 1;

    /// <summary>Lists a directory like <c>Directory.EnumerateFileSystemEntries</c> would (open, one query, close).</summary>
    public IReadOnlyList<EmulatedDirectoryEntry> EnumerateDirectory(string path, string? searchExpression = null, DirBufferCapacity? capacity = null)
    {
        using var directory = OpenDirectory(path);
        return directory.Read(searchExpression, restartScan: true, capacity);
    }

    /// <summary>Opens a directory handle (placeholders are made for virtual components; FILE_OPENED is sent).</summary>
    public EmulatedDirectoryHandle OpenDirectory(string path)
    {
        lock (_gate)
        {
            var lookup = Resolve(path);
            if (!lookup.Found)
            {
                throw Fail($"'{path}' not found", HResult.FileNotFound);
            }

            if (!lookup.Item!.IsDirectory)
            {
                throw Fail($"'{path}' is not a directory", HResult.NotADirectory);
            }

            RecordIo("list", lookup.Item.Path);
            var handle = new EmulatedDirectoryHandle(this, lookup.Item);
            var hr = Notify(PrjNotification.FileOpened, lookup.Item.Path, isDirectory: true, handle.FileId);
            if (!HResult.Succeeded(hr))
            {
                throw Fail($"the provider cancelled the open of '{path}'", hr);
            }

            lookup.Item.OpenHandles++;
            return handle;
        }
    }

    internal IReadOnlyList<EmulatedDirectoryEntry> Query(EmulatedDirectoryHandle handle, string? expression, bool restartScan, DirBufferCapacity capacity)
    {
        lock (_gate)
        {
            var directory = handle.Item;
            var projected = new List<(string Name, FileBasicInfo Info)>();
            if (directory.State != EmulatedItemState.Full)
            {
                projected = QueryProvider(handle, expression, restartScan || handle.EnumerationId is null, capacity);
            }

            var local = ChildrenOf(directory).ToList();
            var merged = new List<EmulatedDirectoryEntry>();
            foreach (var item in local.Where(i => i.State != EmulatedItemState.Tombstone && Matches(NameOf(i.Path), expression)))
            {
                var size = item.IsDirectory ? 0 : item.State == EmulatedItemState.Placeholder ? item.FileSize : new FileInfo(RealPath(item.Path)).Length;
                merged.Add(new EmulatedDirectoryEntry(NameOf(item.Path), item.IsDirectory, size, FromProvider: false));
            }

            foreach (var (name, info) in projected)
            {
                if (local.Any(i => CompareNames(NameOf(i.Path), name) == 0))
                {
                    continue; // a local item (or a tombstone) wins over the provider's entry
                }

                merged.Add(new EmulatedDirectoryEntry(name, info.IsDirectory, info.IsDirectory ? 0 : info.FileSize, FromProvider: true));
            }

            merged.Sort((a, b) => CompareNames(a.Name, b.Name));
            return merged;
        }
    }

    internal void CloseDirectory(EmulatedDirectoryHandle handle)
    {
        lock (_gate)
        {
            if (handle.IsClosed)
            {
                return;
            }

            handle.IsClosed = true;
            handle.Item.OpenHandles--;
            if (handle.EnumerationId is { } id && _active && _callbacks is not null)
            {
                var callbacks = _callbacks;
                Invoke($"EndDirectoryEnumeration({handle.Item.Path})", NewData(handle.Item.Path, handle.Item.Version, handle.FileId),
                    d => callbacks.EndDirectoryEnumeration(d, id));
            }

            Notify(PrjNotification.FileHandleClosedNoModification, handle.Item.Path, isDirectory: true, handle.FileId);
        }
    }

    private static bool Matches(string name, string? expression) =>
        string.IsNullOrEmpty(expression) || FileSystemName.MatchesWin32Expression(expression, name, ignoreCase: true);

    /// <summary>
    /// Start (once per handle), then Get until a call adds nothing (rules 9–13): the first call of a scan carries
    /// RESTART_SCAN; a first entry that does not fit makes the caller grow its buffer or fail, depending on
    /// <see cref="EmulatorOptions.FirstEntryOverflow"/>; entries must be strictly ascending in PrjFileNameCompare
    /// order across the whole scan, with no duplicates.
    /// </summary>
    private List<(string Name, FileBasicInfo Info)> QueryProvider(EmulatedDirectoryHandle handle, string? expression, bool restart, DirBufferCapacity capacity)
    {
        if (!_active || _callbacks is null)
        {
            throw Fail($"listing '{handle.Item.Path}' needs the provider, which is not running", HResult.VirtualizationUnavailable);
        }

        var callbacks = _callbacks;
        var directory = handle.Item;
        if (handle.EnumerationId is null)
        {
            var id = Guid.NewGuid();
            var hr = Invoke($"StartDirectoryEnumeration({directory.Path})", NewData(directory.Path, directory.Version, handle.FileId),
                d => callbacks.StartDirectoryEnumeration(d, id));
            if (!HResult.Succeeded(hr))
            {
                throw Fail($"listing '{directory.Path}' failed", hr);
            }

            handle.EnumerationId = id;
        }

        var enumerationId = handle.EnumerationId.Value;
        var entries = new List<(string, FileBasicInfo)>();
        var first = true;
        var attempts = 0;
        while (true)
        {
            var flags = first && restart ? PrjCallbackDataFlags.RestartScan : PrjCallbackDataFlags.None;
            if ((flags & PrjCallbackDataFlags.RestartScan) != 0)
            {
                handle.LastProviderName = null;
            }

            var buffer = new DirBuffer(capacity);
            var bufferHandle = new DirEntryBufferHandle(_nextBuffer++);
            _buffers[bufferHandle.Value] = buffer;
            int hr;
            try
            {
                var data = NewData(directory.Path, directory.Version, handle.FileId, flags: flags);
                hr = Invoke($"GetDirectoryEnumeration({directory.Path},{expression ?? "null"}{(flags != 0 ? ",restart" : string.Empty)})", data,
                    d => callbacks.GetDirectoryEnumeration(d, enumerationId, expression, bufferHandle));
            }
            finally
            {
                _buffers.Remove(bufferHandle.Value);
            }

            first = false;
            if (hr == HResult.InsufficientBuffer)
            {
                if (buffer.Entries.Count > 0)
                {
                    Violation($"GetDirectoryEnumeration '{directory.Path}' returned ERROR_INSUFFICIENT_BUFFER after adding entries");
                }

                if (Options.FirstEntryOverflow == FirstEntryOverflowMode.FailListing)
                {
                    throw Fail($"listing '{directory.Path}' failed: the first entry did not fit", HResult.InsufficientBuffer);
                }

                if (++attempts > 32)
                {
                    Violation($"GetDirectoryEnumeration '{directory.Path}' keeps reporting ERROR_INSUFFICIENT_BUFFER");
                }

                capacity = capacity.Grow();
                continue;
            }

            if (!HResult.Succeeded(hr))
            {
                throw Fail($"listing '{directory.Path}' failed", hr);
            }

            if (buffer.Entries.Count == 0)
            {
                return entries;
            }

            foreach (var entry in buffer.Entries)
            {
                if (handle.LastProviderName is { } previous && CompareNames(previous, entry.Name) >= 0)
                {
                    Violation($"GetDirectoryEnumeration '{directory.Path}': '{entry.Name}' after '{previous}' is not in PrjFileNameCompare order (or is a duplicate)");
                }

                if (!entry.Info.IsDirectory && entry.Info.FileSize < 0)
                {
                    Violation($"GetDirectoryEnumeration '{directory.Path}': '{entry.Name}' has no valid size");
                }

                handle.LastProviderName = entry.Name;
                entries.Add(entry);
            }
        }
    }
}

using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Support;

/// <summary>
/// A small in-memory ProjFS provider, written independently of Indra's, for checking the emulator against
/// reference/projfs.md §9. Switches make it misbehave the ways real providers did.
/// </summary>
public sealed class ScriptedProvider : IProjFsCallbacks
{
    private readonly IProjFsApi _api;
    private readonly Dictionary<string, byte[]?> _tree = new(StringComparer.OrdinalIgnoreCase) { [""] = null };
    private readonly Dictionary<Guid, Session> _sessions = [];

    /// <summary>Creates the provider over <paramref name="api"/>.</summary>
    public ScriptedProvider(IProjFsApi api) => _api = api;

    /// <summary>Lists entries in reverse order (a mis-sorting provider).</summary>
    public bool ReverseOrder { get; set; }

    /// <summary>Also lists every name in upper case (case-only duplicates).</summary>
    public bool DuplicateCase { get; set; }

    /// <summary>Returns S_OK instead of ERROR_INSUFFICIENT_BUFFER when the first entry does not fit (VFSForGit's variant).</summary>
    public bool OkOnFirstEntryOverflow { get; set; }

    /// <summary>What GetFileData returns instead of serving data, when set.</summary>
    public int? FileDataResult { get; set; }

    /// <summary>Makes GetPlaceholderInfo pend and complete from another thread.</summary>
    public bool PendPlaceholders { get; set; }

    /// <summary>What pre-operation notifications return.</summary>
    public int PreOperationResult { get; set; } = HResult.Ok;

    /// <summary>Notifications received: (notification, path, destination).</summary>
    public List<(PrjNotification Notification, string Path, string? Destination)> Notifications { get; } = [];

    /// <summary>GetPlaceholderInfo, GetFileData and notifications (by notification name) with the process that caused them.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Callback, string Path, uint ProcessId)> Callers { get; } = new();

    /// <summary>Adds a file (and its parent directories).</summary>
    public ScriptedProvider File(string path, string content)
    {
        AddParents(path);
        _tree[path] = System.Text.Encoding.UTF8.GetBytes(content);
        return this;
    }

    /// <summary>Adds a directory (and its parents).</summary>
    public ScriptedProvider Directory(string path)
    {
        AddParents(path);
        _tree[path] = null;
        return this;
    }

    /// <summary>Removes a name from the store.</summary>
    public void Remove(string path) => _tree.Remove(path);

    /// <summary>The stored casing of a path.</summary>
    private string Cased(string path) => _tree.Keys.First(k => string.Equals(k, path, StringComparison.OrdinalIgnoreCase));

    private void AddParents(string path)
    {
        for (var parent = Parent(path); parent.Length > 0; parent = Parent(parent))
        {
            _tree.TryAdd(parent, null);
        }
    }

    private static string Parent(string path) => path.LastIndexOf('\\') is var i && i >= 0 ? path[..i] : string.Empty;

    private static string Name(string path) => path[(path.LastIndexOf('\\') + 1)..];

    private FileBasicInfo Info(string path) => _tree[path] is { } bytes
        ? new FileBasicInfo(false, bytes.Length, 0, 0, 0, 0, FileAttributeBits.Archive)
        : new FileBasicInfo(true, 0, 0, 0, 0, 0, FileAttributeBits.Directory);

    private static PlaceholderVersion VersionOf(string path) => new([1], System.Text.Encoding.UTF8.GetBytes(path.ToUpperInvariant()));

    /// <inheritdoc />
    public int StartDirectoryEnumeration(CallbackData data, Guid enumerationId)
    {
        if (!_tree.TryGetValue(data.FilePathName, out var node) || node is not null)
        {
            return HResult.FileNotFound;
        }

        var names = _tree.Keys.Where(k => k.Length > 0 && string.Equals(Parent(k), data.FilePathName, StringComparison.OrdinalIgnoreCase))
            .Select(k => (Name(k), Info(k))).ToList();
        if (DuplicateCase)
        {
            names.AddRange(names.Select(n => (n.Item1.ToUpperInvariant(), n.Item2)).ToList());
        }

        names.Sort((a, b) => string.Compare(a.Item1, b.Item1, StringComparison.OrdinalIgnoreCase));
        if (ReverseOrder)
        {
            names.Reverse();
        }

        _sessions[enumerationId] = new Session(names);
        return HResult.Ok;
    }

    /// <inheritdoc />
    public int EndDirectoryEnumeration(CallbackData data, Guid enumerationId) =>
        _sessions.Remove(enumerationId) ? HResult.Ok : HResult.InvalidParameter;

    /// <inheritdoc />
    public int GetDirectoryEnumeration(CallbackData data, Guid enumerationId, string? searchExpression, DirEntryBufferHandle buffer)
    {
        if (!_sessions.TryGetValue(enumerationId, out var session))
        {
            return HResult.InvalidParameter;
        }

        if ((data.Flags & PrjCallbackDataFlags.RestartScan) != 0)
        {
            session.Cursor = 0;
            session.Filter = string.IsNullOrEmpty(searchExpression) ? "*" : searchExpression;
        }

        var added = 0;
        for (; session.Cursor < session.Names.Count; session.Cursor++)
        {
            var (name, info) = session.Names[session.Cursor];
            if (!System.IO.Enumeration.FileSystemName.MatchesWin32Expression(session.Filter, name, ignoreCase: true))
            {
                continue;
            }

            var hr = _api.FillDirEntryBuffer(buffer, name, info);
            if (hr == HResult.InsufficientBuffer)
            {
                return added == 0 && !OkOnFirstEntryOverflow ? HResult.InsufficientBuffer : HResult.Ok;
            }

            added++;
        }

        return HResult.Ok;
    }

    /// <inheritdoc />
    public int GetPlaceholderInfo(CallbackData data)
    {
        Callers.Enqueue((nameof(GetPlaceholderInfo), data.FilePathName, data.TriggeringProcessId));
        if (!_tree.ContainsKey(data.FilePathName))
        {
            return HResult.FileNotFound;
        }

        var path = Cased(data.FilePathName);
        var info = new PlaceholderInfo(Info(path), VersionOf(path));
        if (!PendPlaceholders)
        {
            return _api.WritePlaceholderInfo(path, info);
        }

        var commandId = data.CommandId;
        var thread = new Thread(() =>
        {
            // Latency of a slow provider, not a wait for a condition: the emulator registers the command as pending
            // before calling us, so completing at any moment is valid; the delay makes the caller really wait.
            Thread.Sleep(20);
            var hr = _api.WritePlaceholderInfo(path, info);
            _api.CompleteCommand(commandId, hr);
        });
        thread.Start();
        return HResult.IoPending;
    }

    /// <inheritdoc />
    public int GetFileData(CallbackData data, ulong byteOffset, uint length)
    {
        Callers.Enqueue((nameof(GetFileData), data.FilePathName, data.TriggeringProcessId));
        if (FileDataResult is { } result)
        {
            return result;
        }

        var path = _tree.Keys.FirstOrDefault(k => VersionOf(k).SameAs(data.VersionInfo));
        if (path is null || _tree[path] is not { } bytes)
        {
            return HResult.FileNotFound;
        }

        for (var offset = (int)byteOffset; offset < (int)(byteOffset + length); offset += 3)
        {
            var count = Math.Min(3, (int)(byteOffset + length) - offset);
            var hr = _api.WriteFileData(data.DataStreamId, bytes.AsSpan(offset, count), (ulong)offset);
            if (hr != HResult.Ok)
            {
                return hr;
            }
        }

        return HResult.Ok;
    }

    /// <inheritdoc />
    public int QueryFileName(CallbackData data) => _tree.ContainsKey(data.FilePathName) ? HResult.Ok : HResult.FileNotFound;

    /// <inheritdoc />
    public int Notification(CallbackData data, bool isDirectory, PrjNotification notification, string? destinationFileName, ref NotificationParameters parameters)
    {
        Notifications.Add((notification, data.FilePathName, destinationFileName));
        Callers.Enqueue(($"{notification}", data.FilePathName, data.TriggeringProcessId));
        return notification is PrjNotification.PreDelete or PrjNotification.PreRename or PrjNotification.PreSetHardlink or PrjNotification.FilePreConvertToFull
            ? PreOperationResult
            : HResult.Ok;
    }

    /// <inheritdoc />
    public void CancelCommand(CallbackData data) => Notifications.Add((default, data.FilePathName, "cancelled"));

    private sealed class Session(List<(string, FileBasicInfo)> names)
    {
        public List<(string, FileBasicInfo)> Names { get; } = names;

        public int Cursor { get; set; }

        public string Filter { get; set; } = "*";
    }
}

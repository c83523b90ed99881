using System.Text.Json;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Changes;

/// <summary>
/// What the host knows to be on disk under the virtualization root, kept in <c>placeholders.txt</c> in the mount's
/// state directory, with each file's <em>base version</em>: the artifact id (hex BLAKE3) of the vault version its
/// local content started from.
/// <list type="bullet">
/// <item>a file placeholder ProjFS was given: its base is the artifact id in its content id;</item>
/// <item>a full file (written back, re-hydrated, or checked at mount): its base, and the size and last write time
/// (UTC) it had then, so that an edit made while nothing was mounted is found by a stat at the next mount;</item>
/// <item>a folder created locally that the write-back put into the vault, and whether it was marked as a placeholder
/// since (see <see cref="AddDirectory"/>).</item>
/// </list>
/// The file is an append-only log of JSON lines, the last line for a path winning:
/// <c>{"p":"vault\\a.txt","b":"&lt;hex&gt;","s":5,"m":"2026-12-06T10:00:00.0000000Z"}</c> (<c>s</c>/<c>m</c> only for full
/// files), <c>{"p":"vault\\dir","d":true}</c> (<c>"f":true</c> added while not marked), <c>{"p":"vault\\a.txt","x":true}</c> (gone). A line that is a bare path
/// (the format before base versions) is a placeholder with an unknown base. Placeholders handed out in callbacks are
/// appended without fsync (a hint: a lost line only means the next mount re-checks less); base changes of full files
/// are fsynced. The log is rewritten compacted (to a temporary file renamed over it) at open and at close; if the
/// rename fails the old log stays valid and appending continues there.
/// </summary>
/// <remarks>PrjGetOnDiskFileState is called only for paths this index holds (or folders above them): on Windows it
/// may call back into the provider for anything else.</remarks>
internal sealed class PlaceholderIndex : IDisposable
{
    private readonly string _path;
    private readonly ProjFsLog _log;
    private readonly ILocalFiles _files;
    private readonly Dictionary<string, LocalRecord> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _below = new(StringComparer.OrdinalIgnoreCase); // folder -> records under it
    private readonly Lock _gate = new();
    private Stream? _append;

    private PlaceholderIndex(string path, ProjFsLog log, ILocalFiles files)
    {
        _path = path;
        _log = log;
        _files = files;
    }

    /// <summary>Loads the index at <paramref name="path"/> (a missing file is an empty index).</summary>
    public static PlaceholderIndex Open(string path, ProjFsLog log, ILocalFiles? files = null)
    {
        var index = new PlaceholderIndex(path, log, files ?? LocalFiles.Instance);
        try
        {
            if (index._files.FileExists(path))
            {
                foreach (var line in index._files.ReadLines(path))
                {
                    index.Load(line);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            log.Warn($"the placeholder index {path} cannot be read ({exception.Message}); starting with an empty one");
        }

        index.Rewrite(reopen: true);
        return index;
    }

    /// <summary>The known file paths (placeholders and full files).</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Where(r => !r.Value.IsDirectory).Select(r => r.Key)];
            }
        }
    }

    /// <summary>Every record, by path.</summary>
    public IReadOnlyList<KeyValuePair<string, LocalRecord>> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The record of <paramref name="path"/>.</summary>
    public bool TryGet(string path, out LocalRecord record)
    {
        lock (_gate)
        {
            return _records.TryGetValue(ProjFsPath.Normalize(path), out record!);
        }
    }

    /// <summary>True when the index holds <paramref name="path"/> or anything below it (so it is on disk, and
    /// PrjGetOnDiskFileState may be asked about it).</summary>
    public bool HoldsOrIsAbove(string path)
    {
        var normalized = ProjFsPath.Normalize(path);
        lock (_gate)
        {
            return normalized.Length == 0 ? _records.Count > 0 : _records.ContainsKey(normalized) || _below.ContainsKey(normalized);
        }
    }

    /// <summary>The paths at or below <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Under(string path)
    {
        var normalized = ProjFsPath.Normalize(path);
        lock (_gate)
        {
            return [.. _records.Keys.Where(k => ProjFsPath.IsSameOrUnder(k, normalized))];
        }
    }

    /// <summary>Adds a file placeholder with an unknown base (keeps what is known of a path already held).</summary>
    public void Add(string path)
    {
        var normalized = ProjFsPath.Normalize(path);
        lock (_gate)
        {
            if (normalized.Length == 0 || _records.ContainsKey(normalized))
            {
                return;
            }

            Put(normalized, LocalRecord.Placeholder(null), durable: false);
        }
    }

    /// <summary>Adds (or refreshes) a file placeholder whose base is the artifact id in <paramref name="version"/>.</summary>
    public void Add(string path, PlaceholderVersion version)
    {
        var baseId = IndraContentId.TryRead(version, out _, out var id) && id is not null ? Convert.ToHexStringLower(id) : null;
        SetPlaceholder(path, baseId, durable: false);
    }

    /// <summary>Records that <paramref name="path"/> is a placeholder of version <paramref name="baseId"/> (after
    /// PrjUpdateFileIfNeeded).</summary>
    public void SetPlaceholder(string path, string? baseId, bool durable = true)
    {
        var normalized = ProjFsPath.Normalize(path);
        lock (_gate)
        {
            if (normalized.Length > 0)
            {
                Put(normalized, LocalRecord.Placeholder(baseId), durable);
            }
        }
    }

    /// <summary>Records that the full file at <paramref name="path"/> holds version <paramref name="baseId"/> and
    /// had <paramref name="status"/> then (fsynced).</summary>
    public void SetFull(string path, string? baseId, LocalFileStatus status)
    {
        var normalized = ProjFsPath.Normalize(path);
        lock (_gate)
        {
            if (normalized.Length > 0)
            {
                Put(normalized, LocalRecord.Full(baseId, status.Size, status.LastWriteUtc), durable: true);
            }
        }
    }

    /// <summary>Records a folder created locally that is in the vault now: <paramref name="marked"/> false while it
    /// is still a full folder, true once it was marked as a placeholder.</summary>
    public void AddDirectory(string path, bool marked)
    {
        var normalized = ProjFsPath.Normalize(path);
        var record = marked ? LocalRecord.Directory : LocalRecord.LocalFolder;
        lock (_gate)
        {
            if (normalized.Length > 0 && !(_records.TryGetValue(normalized, out var known) && known == record))
            {
                Put(normalized, record, durable: true);
            }
        }
    }

    /// <summary>Moves the records at and below <paramref name="from"/> to <paramref name="to"/> (a rename written back).</summary>
    public void Move(string from, string to)
    {
        var source = ProjFsPath.Normalize(from);
        var target = ProjFsPath.Normalize(to);
        lock (_gate)
        {
            foreach (var key in _records.Keys.Where(k => ProjFsPath.IsSameOrUnder(k, source)).ToList())
            {
                var record = _records[key];
                Put(key, null, durable: false);
                Put(target + key[source.Length..], record, durable: true);
            }
        }
    }

    /// <summary>Drops a path that is no longer on disk.</summary>
    public void Remove(string path)
    {
        var normalized = ProjFsPath.Normalize(path);
        lock (_gate)
        {
            if (_records.ContainsKey(normalized))
            {
                Put(normalized, null, durable: false);
            }
        }
    }

    /// <summary>Rewrites the file with the current records and closes it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _append?.Dispose();
            _append = null;
            Rewrite(reopen: false);
        }
    }

    private void Load(string line)
    {
        if (line.Length == 0)
        {
            return;
        }

        if (line[0] != '{')
        {
            var bare = ProjFsPath.Normalize(line);
            if (!_records.ContainsKey(bare))
            {
                Set(bare, LocalRecord.Placeholder(null));
            }

            return;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var path = root.GetProperty("p").GetString() ?? string.Empty;
            if (root.TryGetProperty("x", out _))
            {
                Set(path, null);
            }
            else if (root.TryGetProperty("d", out _))
            {
                Set(path, root.TryGetProperty("f", out _) ? LocalRecord.LocalFolder : LocalRecord.Directory);
            }
            else
            {
                var baseId = root.TryGetProperty("b", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
                Set(path, root.TryGetProperty("s", out var size) && root.TryGetProperty("m", out var time) && time.TryGetDateTime(out var utc)
                    ? LocalRecord.Full(baseId, size.GetInt64(), utc.ToUniversalTime())
                    : LocalRecord.Placeholder(baseId));
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            _log.Warn($"the placeholder index {_path}: ignoring an unreadable line");
        }
    }

    /// <summary>Sets or removes a record in memory, keeping the count of records below each folder.</summary>
    private void Set(string path, LocalRecord? record)
    {
        var known = _records.ContainsKey(path);
        if (record is null)
        {
            if (!known)
            {
                return;
            }

            _records.Remove(path);
        }
        else
        {
            _records[path] = record;
            if (known)
            {
                return;
            }
        }

        var delta = record is null ? -1 : 1;
        for (var folder = ProjFsPath.Parent(path); folder.Length > 0; folder = ProjFsPath.Parent(folder))
        {
            var count = _below.GetValueOrDefault(folder) + delta;
            if (count > 0)
            {
                _below[folder] = count;
            }
            else
            {
                _below.Remove(folder);
            }
        }
    }

    private void Put(string path, LocalRecord? record, bool durable)
    {
        Set(path, record);

        if (_append is null)
        {
            return;
        }

        try
        {
            _append.Write(Encode(path, record));
            if (durable)
            {
                _append.FlushDurably();
            }
            else
            {
                _append.Flush();
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Warn($"could not append to the placeholder index {_path}: {exception.Message}");
        }
    }

    private static byte[] Encode(string path, LocalRecord? record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("p", path);
            if (record is null)
            {
                json.WriteBoolean("x", true);
            }
            else if (record.IsDirectory)
            {
                json.WriteBoolean("d", true);
                if (record.IsFull)
                {
                    json.WriteBoolean("f", true);
                }
            }
            else
            {
                json.WriteString("b", record.BaseId);
                if (record.IsFull)
                {
                    json.WriteNumber("s", record.Size);
                    json.WriteString("m", record.LastWriteUtc);
                }
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private void Rewrite(bool reopen)
    {
        lock (_gate)
        {
            var temporary = _path + ".tmp";
            try
            {
                using (var rewrite = _files.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    foreach (var (path, record) in _records)
                    {
                        rewrite.Write(Encode(path, record));
                    }

                    rewrite.FlushDurably();
                }

                _files.Move(temporary, _path, overwrite: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _log.Warn($"could not rewrite the placeholder index {_path} ({exception.Message}); appending to the old one");
            }

            if (!reopen)
            {
                return;
            }

            try
            {
                _append = _files.Open(_path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _log.Warn($"the placeholder index {_path} cannot be written: {exception.Message}");
            }
        }
    }
}

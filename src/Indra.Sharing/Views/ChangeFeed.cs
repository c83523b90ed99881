using System.Globalization;
using System.Text;
using System.Text.Json;
using Indra.FileSystem;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing.Views;

/// <summary>
/// The tail-able change feed of the peer and realm views: one JSON object per line,
/// <c>{"time":"…Z","scope":"peer","name":"bob","path":"docs/a.txt","change":"added|updated|removed","id":"…"}</c>,
/// appended to <c>VAULT/sharing/changes.jsonl</c> and kept in memory (the most recent lines) for /.indra/changes.
/// </summary>
/// <remarks>
/// The file is bounded: a line that would take it past <see cref="DefaultMaxBytes"/> (or the size given) first renames
/// it to <c>changes.jsonl.1</c>, replacing the older generation, and starts a new file, so at most twice the cap is
/// on disk. Each line goes out in one <c>write(2)</c> of whole lines and the rotation is one <c>rename(2)</c>: a
/// reader holding the old file reads it to its last whole line, and <c>tail -F</c> moves on to the new file. New
/// files are created owner-only (0600), as the rest of <c>VAULT/sharing/</c>; a file found with wider permissions is
/// narrowed to 0600 on first use.
/// </remarks>
internal sealed class ChangeFeed
{
    /// <summary>The default cap of the feed file, in bytes (8 MiB).</summary>
    public const long DefaultMaxBytes = 8L << 20;

    private const int KeptLines = 2000;
    private const UnixFileMode OwnerOnly = State.SharingLayout.OwnerOnlyFile;
    private readonly string? _path;
    private readonly long _maxBytes;
    private readonly Queue<string> _lines = new();
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private bool _modeChecked;

    /// <param name="path">The feed file, or null to keep the feed in memory only.</param>
    /// <param name="clock">Stamps each line.</param>
    /// <param name="log">Where a failed append is reported (one warning; the change is still kept in memory).</param>
    /// <param name="maxBytes">The size in bytes past which the file is rotated (at least one line is always written).</param>
    internal ChangeFeed(string? path, TimeProvider clock, ILogger log, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _path = path;
        _clock = clock;
        _log = log;
        _maxBytes = maxBytes;
    }

    /// <summary>The older generation of the feed file: <c>changes.jsonl.1</c>.</summary>
    internal static string PreviousGeneration(string path) => path + ".1";

    /// <summary>Records one change.</summary>
    internal void Append(ShareScope scope, string name, string path, string change, string id)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["time"] = _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["scope"] = scope == ShareScope.Peer ? "peer" : "realm",
            ["name"] = name,
            ["path"] = path,
            ["change"] = change,
            ["id"] = id,
        });
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > KeptLines) _lines.Dequeue();
            if (_path is null) return;
            try
            {
                AppendToFile(_path, Encoding.UTF8.GetBytes(line + "\n"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning("cannot append to the change feed {Path}: {Reason}", _path, e.Message);
            }
        }
    }

    /// <summary>The most recent lines, oldest first, each ending in a newline.</summary>
    internal string Text()
    {
        lock (_lines)
        {
            var builder = new StringBuilder();
            foreach (var line in _lines) builder.Append(line).Append('\n');
            return builder.ToString();
        }
    }

    /// <summary>Writes <paramref name="bytes"/> (whole lines) at the end of the file, rotating it first when they would pass the cap. Caller holds the lock.</summary>
    private void AppendToFile(string path, byte[] bytes)
    {
        var stream = Open(path);
        try
        {
            if (stream.Length > 0 && stream.Length + bytes.Length > _maxBytes)
            {
                stream.Dispose();
                File.Move(path, PreviousGeneration(path), overwrite: true);
                stream = Open(path);
            }
            stream.Write(bytes);
        }
        finally
        {
            stream.Dispose();
        }
    }

    /// <summary>Opens the feed for appending (unbuffered, so each line is one write), creating it owner-only.</summary>
    private FileStream Open(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
            if (!_modeChecked && File.Exists(path) && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0) File.SetUnixFileMode(path, OwnerOnly);
        }
        _modeChecked = true;
        return new FileStream(path, options);
    }
}

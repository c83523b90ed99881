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
internal sealed class ChangeFeed
{
    private const int KeptLines = 2000;
    private readonly string? _path;
    private readonly Queue<string> _lines = new();
    private readonly TimeProvider _clock;
    private readonly ILogger _log;

    internal ChangeFeed(string? path, TimeProvider clock, ILogger log)
    {
        _path = path;
        _clock = clock;
        _log = log;
    }

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
                File.AppendAllText(_path, line + "\n");
            }
            catch (IOException e)
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
}

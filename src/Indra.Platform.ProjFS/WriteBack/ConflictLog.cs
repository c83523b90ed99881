using System.Globalization;
using System.Text.Json;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// Conflicts the user should look at, one JSON object per line in <c>conflicts.jsonl</c> in the mount's state
/// directory (fsynced), plus a counter: a file changed in the vault while it had local changes (the local file is
/// kept and later written back; the vault's version is named by its artifact id), a file deleted in the vault while
/// modified locally, or a local change the vault refused (e.g. a file created under peers\).
/// </summary>
internal sealed class ConflictLog
{
    private readonly string _path;
    private readonly ProjFsLog _log;
    private readonly TimeProvider _clock;
    private readonly Api.ILocalFiles _files;
    private readonly Lock _gate = new();
    private (string Kind, string Path, string? VaultId)? _last;
    private int _count;

    /// <summary>Creates the log at <paramref name="path"/> (appending to an existing file).</summary>
    public ConflictLog(string path, ProjFsLog log, TimeProvider clock, Api.ILocalFiles files)
    {
        _files = files;
        _path = path;
        _log = log;
        _clock = clock;
    }

    /// <summary>The file the conflicts go to.</summary>
    public string Path => _path;

    /// <summary>Conflicts recorded since the mount started.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Records one conflict (the same conflict twice in a row, e.g. every queued change of one refused file, counts once).</summary>
    /// <param name="kind">"vault-changed-while-dirty", "vault-deleted-while-dirty", "write-back-refused",
    /// "concurrent-edit" (the local edit was written back as a conflict copy; detail names it).</param>
    /// <param name="path">The ProjFS path.</param>
    /// <param name="detail">One sentence for the user.</param>
    /// <param name="vaultArtifactId">The vault's version (hex artifact id), when there is one.</param>
    public void Record(string kind, string path, string detail, string? vaultArtifactId = null)
    {
        lock (_gate)
        {
            if (_last == (kind, path, vaultArtifactId))
            {
                return;
            }

            _last = (kind, path, vaultArtifactId);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("utc", _clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("kind", kind);
            json.WriteString("path", path);
            json.WriteString("detail", detail);
            if (vaultArtifactId is not null)
            {
                json.WriteString("vault_id", vaultArtifactId);
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            try
            {
                using var file = _files.Open(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
                file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                file.FlushDurably();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _log.Error($"could not append to the conflict log {_path}", exception);
            }

            _count++;
        }

        _log.Warn($"conflict ({kind}) at '{path}': {detail}");
    }
}

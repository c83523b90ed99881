using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// The dirty queue's journal format: UTF-8 JSON, one record per line. An entry is
/// <c>{"seq":7,"op":"modified","path":"vault\\a.txt","dest":null,"dir":false,"utc":"2026-11-21T10:00:00.0000000Z"}</c>;
/// its completion is <c>{"seq":7,"op":"done"}</c>. Ops: created, modified, deleted, renamed, hardlinked,
/// write-opened, write-closed, done.
/// </summary>
internal static class DirtyJournalCodec
{
    /// <summary>The op of a completion record.</summary>
    public const string DoneOp = "done";

    /// <summary>Encodes an entry as one line (with the trailing newline).</summary>
    public static byte[] EncodeEntry(DirtyEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", entry.Sequence);
            json.WriteString("op", OpName(entry.Change.Kind));
            json.WriteString("path", entry.Change.Path);
            if (entry.Change.Destination is null)
            {
                json.WriteNull("dest");
            }
            else
            {
                json.WriteString("dest", entry.Change.Destination);
            }

            json.WriteBoolean("dir", entry.Change.IsDirectory);
            json.WriteString("utc", entry.EnqueuedUtc.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Encodes the completion of entry <paramref name="sequence"/>.</summary>
    public static byte[] EncodeDone(long sequence) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{sequence},\"op\":\"{DoneOp}\"}}\n"));

    /// <summary>Decodes one line.</summary>
    /// <param name="line">The line without its newline.</param>
    /// <param name="sequence">The record's sequence number.</param>
    /// <param name="entry">The entry, or null for a completion record.</param>
    /// <returns>False when the line is not a valid record (e.g. torn by a crash mid-append).</returns>
    public static bool TryDecode(string line, out long sequence, out DirtyEntry? entry)
    {
        sequence = 0;
        entry = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            sequence = root.GetProperty("seq").GetInt64();
            var op = root.GetProperty("op").GetString();
            if (op == DoneOp)
            {
                return true;
            }

            if (op is null || !TryParseOp(op, out var kind))
            {
                return false;
            }

            var destination = root.TryGetProperty("dest", out var dest) && dest.ValueKind == JsonValueKind.String ? dest.GetString() : null;
            var change = new DirtyChange(kind, root.GetProperty("path").GetString() ?? string.Empty, destination,
                root.TryGetProperty("dir", out var dir) && dir.ValueKind == JsonValueKind.True);
            var utc = root.TryGetProperty("utc", out var time) && time.TryGetDateTime(out var parsed)
                ? parsed.ToUniversalTime()
                : DateTime.UnixEpoch;
            entry = new DirtyEntry(sequence, change, utc);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string OpName(DirtyChangeKind kind) => kind switch
    {
        DirtyChangeKind.Created => "created",
        DirtyChangeKind.Modified => "modified",
        DirtyChangeKind.Deleted => "deleted",
        DirtyChangeKind.Renamed => "renamed",
        DirtyChangeKind.HardLinked => "hardlinked",
        DirtyChangeKind.WriteOpened => "write-opened",
        DirtyChangeKind.WriteClosed => "write-closed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static bool TryParseOp(string op, out DirtyChangeKind kind)
    {
        foreach (var candidate in Enum.GetValues<DirtyChangeKind>())
        {
            if (OpName(candidate) == op)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}

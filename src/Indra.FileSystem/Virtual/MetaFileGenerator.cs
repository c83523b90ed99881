using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Indra.Engine.Attention;
using Indra.Engine.Vaults;

namespace Indra.FileSystem.Virtual;

/// <summary>
/// Generates the /.indra files on read: attention.log (JSONL, the newest <see cref="AttentionLogLimit"/> events that
/// fit in <see cref="MaxBytes"/>, oldest first, from the raw events the retention keeps:
/// <see cref="AttentionRecorder.Retention"/>), heat.json (the <see cref="HeatJsonLimit"/> hottest nodes, hottest
/// first, about <see cref="MaxBytes"/> at most, read from the per-node heat aggregate), peers.json and player.json.
/// What one read costs is bounded by these limits and the number of attended nodes, not by the attention history.
/// </summary>
internal sealed class MetaFileGenerator
{
    /// <summary>Most events attention.log shows.</summary>
    public const int AttentionLogLimit = 10_000;

    /// <summary>Most nodes heat.json lists (the hottest; the rest are colder than every one listed).</summary>
    public const int HeatJsonLimit = 10_000;

    /// <summary>
    /// Size cap of attention.log and heat.json in bytes (4 MiB): attention.log leaves out the older events that do
    /// not fit; heat.json ends with the entry that crosses it.
    /// </summary>
    public const int MaxBytes = 4 << 20;

    private readonly Vault _vault;
    private readonly long _mountedAtNs;

    public MetaFileGenerator(Vault vault)
    {
        _vault = vault;
        _mountedAtNs = vault.ClockNs();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<string>> _sources = new();

    /// <summary>Distinct peers whose attention reached each path ("vault/…"), reported by the sharing protocol.</summary>
    public Func<IReadOnlyDictionary<string, int>>? PeerAttention { get; set; }

    /// <summary>Serves <paramref name="name"/> from <paramref name="generate"/> (UTF-8) instead of the built-in content.</summary>
    public void Attach(string name, Func<string> generate) => _sources[name] = generate;

    public byte[] Generate(string name)
    {
        if (_sources.TryGetValue(name, out var source)) return System.Text.Encoding.UTF8.GetBytes(source());
        return name switch
        {
            VirtualTree.AttentionLog => AttentionLog(),
            VirtualTree.HeatJson => Heat(),
            VirtualTree.PeersJson => Peers(),
            VirtualTree.PlayerJson => Player(),
            VirtualTree.PeerHeatJson => "{}\n"u8.ToArray(),
            VirtualTree.SyncStatusJson => "{\n  \"peers\": []\n}\n"u8.ToArray(),
            _ => [],
        };
    }

    private byte[] AttentionLog()
    {
        // Newest first until the cap, then written oldest first: memory is the cap plus one event.
        var lines = new List<byte[]>();
        var total = 0L;
        var line = new ArrayBufferWriter<byte>();
        _vault.Attention.VisitRecentEvents(AttentionLogLimit, e =>
        {
            line.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(line))
            {
                json.WriteStartObject();
                json.WriteNumber("id", e.Id);
                json.WriteString("at", Iso(e.AtNs));
                json.WriteString("kind", e.Kind == AttentionKind.NavigateTo ? "navigate_to" : "navigate_back");
                json.WriteString("player", e.Player.ToString());
                json.WriteNumber("inode", e.Inode);
                json.WriteString("artifact", e.Artifact.ToString());
                json.WriteString("from", e.From.ToString());
                json.WriteString("path", e.Path);
                json.WriteNumber("dwell_ms", e.DwellMs);
                json.WriteEndObject();
            }
            line.Write("\n"u8);
            if (total + line.WrittenCount > MaxBytes) return false;
            total += line.WrittenCount;
            lines.Add(line.WrittenSpan.ToArray());
            return true;
        });
        var result = new byte[total];
        var offset = 0;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            lines[i].CopyTo(result, offset);
            offset += lines[i].Length;
        }
        return result;
    }

    private byte[] Heat()
    {
        var entries = _vault.Attention.HottestNodes(HeatJsonLimit);
        var peers = PeerAttention?.Invoke() ?? new Dictionary<string, int>();
        return Json((json, written) =>
        {
            json.WriteStartObject();
            foreach (var h in entries)
            {
                var path = h.Path;
                json.WriteStartObject(path);
                json.WriteNumber("heat", Math.Round(h.Heat, 4));
                json.WriteNumber("unique_peers", h.UniquePeers + peers.GetValueOrDefault(path));
                json.WriteNumber("dwell_ms", h.DwellMs);
                json.WriteNumber("opens", h.Opens);
                json.WriteNumber("inode", h.Inode);
                json.WriteEndObject();
                if (written() >= MaxBytes) break;
            }
            json.WriteEndObject();
        });
    }

    private static byte[] Peers() => Json((json, _) =>
    {
        json.WriteStartObject();
        json.WriteStartArray("peers");
        json.WriteEndArray();
        json.WriteStartArray("realms");
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private byte[] Player()
    {
        var (leaves, trees) = _vault.Tree.CountNodes();
        var (blocks, bytes) = _vault.Tree.BlockTotals();
        return Json((json, _) =>
        {
            json.WriteStartObject();
            json.WriteString("player_id", _vault.Player.ToString());
            json.WriteString("public_key", Convert.ToBase64String(_vault.Identity.PublicKey));
            json.WriteString("vault", _vault.Directory ?? "(memory)");
            json.WriteNumber("block_size", _vault.BlockSize);
            json.WriteString("created", _vault.Created());
            json.WriteString("mounted_at", Iso(_mountedAtNs));
            json.WriteStartObject("artifacts");
            json.WriteNumber("trees", trees);
            json.WriteNumber("leaves", leaves);
            json.WriteEndObject();
            json.WriteStartObject("blocks");
            json.WriteNumber("count", blocks);
            json.WriteNumber("bytes", bytes);
            json.WriteEndObject();
            json.WriteStartObject("engine");
            json.WriteNumber("bytes_hashed", _vault.Counters.BytesHashed);
            json.WriteNumber("bytes_stored", _vault.Counters.BytesStored);
            json.WriteNumber("blocks_stored", _vault.Counters.BlocksStored);
            json.WriteNumber("leaves_committed", _vault.Counters.LeavesCommitted);
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>
    /// Indented JSON plus a newline; <paramref name="write"/> gets the writer and a function that flushes it and says
    /// how many bytes are written so far.
    /// </summary>
    private static byte[] Json(Action<Utf8JsonWriter, Func<long>> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(json, () =>
            {
                json.Flush();
                return json.BytesCommitted;
            });
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static string Iso(long ns) =>
        new DateTime(DateTime.UnixEpoch.Ticks + ns / 100, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

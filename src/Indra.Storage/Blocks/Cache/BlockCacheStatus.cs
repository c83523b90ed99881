using System.Text.Json;
using System.Text.Json.Serialization;

namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// A snapshot of a block cache's figures (<see cref="CachedBlockStore.Status"/>), for <c>indra status</c>. The store
/// also writes it to <see cref="FileName"/> in its directory about once a second while it changes and when it closes,
/// so that another process (the CLI beside a mount daemon) reads the figures without asking the daemon.
/// </summary>
/// <param name="QueuedBlocks">Blocks in the cache not yet acknowledged by the remote store (the upload queue).</param>
/// <param name="QueuedBytes">Their bytes.</param>
/// <param name="CachedBytes">Bytes of block files in the cache, queued or not.</param>
/// <param name="CapacityBytes">The cache's bound in bytes.</param>
/// <param name="UploadedBlocks">Blocks uploaded since the store opened.</param>
/// <param name="UploadedBytes">Their bytes.</param>
/// <param name="Failures">Failed remote operations (uploads, deletions) since the store opened.</param>
/// <param name="RemoteReachable">False while the last remote operation failed (uploads are being retried).</param>
/// <param name="LastError">The last failure's message, or null.</param>
/// <param name="LastErrorUtc">When it happened (UTC), or null.</param>
/// <param name="Durability">What fsync promises: <c>local</c> or <c>remote</c>.</param>
/// <param name="WrittenUtc">When the snapshot was taken (UTC).</param>
public sealed record BlockCacheStatus(
    long QueuedBlocks,
    long QueuedBytes,
    long CachedBytes,
    long CapacityBytes,
    long UploadedBlocks,
    long UploadedBytes,
    long Failures,
    bool RemoteReachable,
    string? LastError,
    DateTimeOffset? LastErrorUtc,
    string Durability,
    DateTimeOffset WrittenUtc)
{
    /// <summary>The status file's name in the cache directory.</summary>
    public const string FileName = "cache-status.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The last snapshot written in <paramref name="directory"/>, or null when there is none (no cache ever ran there) or it cannot be read.</summary>
    public static BlockCacheStatus? Read(string directory)
    {
        try
        {
            var path = Path.Combine(directory, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize<BlockCacheStatus>(File.ReadAllBytes(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the snapshot to <paramref name="directory"/> atomically (a temporary file renamed over the old one), owner-only.</summary>
    internal void Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var tmp = path + ".tmp";
        if (!File.Exists(tmp)) OwnerOnly.CreateFile(tmp);
        File.WriteAllBytes(tmp, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(tmp, path, overwrite: true);
    }
}

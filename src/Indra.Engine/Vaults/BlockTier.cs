using System.Globalization;
using Indra.Storage.Blocks;
using Indra.Storage.Blocks.Cache;
using Indra.Storage.Blocks.ObjectStore;
using Indra.Engine.Maintenance;
using Indra.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace Indra.Engine.Vaults;

/// <summary>
/// Where a vault keeps its blocks larger than <see cref="Vault.InlineBlockLimit"/>: the one place the files tier is
/// composed from the vault's settings. Without <see cref="RemoteSetting"/> they are files in <c>VAULT/blocks</c>
/// (<see cref="FileBlockStore"/>). With it, the remote store is the place of record and <c>VAULT/blocks</c> becomes
/// its bounded write-back cache (<see cref="CachedBlockStore"/>): blocks already there when a vault is switched to a
/// remote are simply queued and uploaded. Settings live in the vault's metadata; a mount may override the cache's for
/// its own run (<see cref="VaultServices.BlockCache"/>).
/// </summary>
public static class BlockTier
{
    /// <summary>Setting: where the blocks' place of record is; a directory (absolute path, or <c>file://</c> URI) for now.</summary>
    public const string RemoteSetting = "blocks.remote";

    /// <summary>Setting: the cache's bound in bytes (<see cref="BlockCacheOptions.DefaultCapacity"/> when unset).</summary>
    public const string CacheSizeSetting = "blocks.cache_size";

    /// <summary>Setting: <c>local</c> or <c>remote</c> (<see cref="CacheDurability"/>; <c>local</c> when unset).</summary>
    public const string DurabilitySetting = "blocks.durability";

    /// <summary>
    /// Stores the block settings of <paramref name="vault"/> (null leaves one as it is); they take effect when the
    /// vault is next opened.
    /// </summary>
    /// <param name="vault">An open vault.</param>
    /// <param name="remote">Where blocks are kept: a directory (made if missing), or null.</param>
    /// <param name="cacheSize">The cache's bound in bytes (positive), or null.</param>
    /// <param name="durability">What fsync promises, or null.</param>
    /// <exception cref="ArgumentException">A size that is not positive, or a remote location that is not understood.</exception>
    public static void Configure(Vault vault, string? remote, long? cacheSize, CacheDurability? durability)
    {
        if (cacheSize is <= 0) throw new ArgumentException($"cache size must be positive, not {cacheSize}", nameof(cacheSize));
        if (remote is not null) vault.Metadata.SetSetting(RemoteSetting, NormalizeRemote(remote));
        if (cacheSize is { } size) vault.Metadata.SetSetting(CacheSizeSetting, size.ToString(CultureInfo.InvariantCulture));
        if (durability is { } d) vault.Metadata.SetSetting(DurabilitySetting, d.ToString().ToLowerInvariant());
    }

    /// <summary>The live figures of <paramref name="vault"/>'s block cache, or null when its blocks are not cached in front of a remote.</summary>
    public static BlockCacheStatus? Status(Vault vault) => Cache(vault)?.Status;

    /// <summary>
    /// The figures of the block cache of the vault in <paramref name="directory"/> as its last holder wrote them
    /// (about once a second while a mount runs, and when it closes), or null when it has none. Reads a file only: works
    /// beside a mount daemon and on a vault nobody holds.
    /// </summary>
    public static BlockCacheStatus? StatusOf(string directory) => BlockCacheStatus.Read(Path.Combine(directory, VaultLayout.BlocksDirectory));

    /// <summary>The vault's files tier as its settings (and <paramref name="services"/>' overrides) say.</summary>
    internal static IBlockStore Open(string directory, MetadataStore metadata, VaultServices services)
    {
        var blocks = Path.Combine(directory, VaultLayout.BlocksDirectory);
        var remote = metadata.GetSetting(RemoteSetting);
        // The vault's own blocks: deleted only once nothing references or pins them, so their files can be kept for new
        // blocks (a cache's local store keeps none: an eviction may race a read).
        if (string.IsNullOrEmpty(remote)) return new FileBlockStore(blocks, keepDeletedFiles: true);
        var capacity = services.BlockCache?.CacheSize
            ?? (long.TryParse(metadata.GetSetting(CacheSizeSetting), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) && stored > 0 ? stored : BlockCacheOptions.DefaultCapacity);
        var durability = services.BlockCache?.Durability
            ?? (Enum.TryParse<CacheDurability>(metadata.GetSetting(DurabilitySetting), ignoreCase: true, out var d) ? d : CacheDurability.Local);
        var log = services.Loggers.CreateLogger(Vault.StorageCategory);
        var store = OpenRemote(remote, metadata, log, Keys.VaultKeyFile.IsEncrypted(directory), out var unreachable);
        CachedBlockStore cache;
        try
        {
            cache = new CachedBlockStore(store, new BlockCacheOptions(blocks, capacity, durability))
            {
                Log = line => log.LogWarning("{Message}", line),
            };
        }
        catch
        {
            (store as IDisposable)?.Dispose();
            throw;
        }
        if (unreachable is not null) cache.MarkRemoteFailing(unreachable);
        return cache;
    }

    /// <summary>
    /// The collection at open after the previous holder died (<see cref="Vault.Open"/>): <see cref="GarbageCollector"/>
    /// over the whole vault, except when its remote store is unreachable: then only the blocks in the cache are
    /// collected (their remote deletions wait in the cache's journal), so the vault still opens and serves what is
    /// cached; objects left in the store are for the next <c>indra gc</c>. The store's outage was logged at open.
    /// </summary>
    internal static void CollectAfterCrash(Vault vault)
    {
        var cache = Cache(vault);
        if (cache is null)
        {
            GarbageCollector.Collect(vault);
            return;
        }
        if (!cache.RemoteFailing)
        {
            try
            {
                GarbageCollector.Collect(vault);
                return;
            }
            catch (ObjectStoreException e) when (e is not ObjectStoreAccessException)
            {
                // Gone between the access check and the listing: as if it had been down at open.
                cache.MarkRemoteFailing(e.Message);
                vault.Loggers.CreateLogger(Vault.StorageCategory).LogWarning("object store unreachable (serving from the cache, uploads wait; blocks a crash left behind are collected by the next 'indra gc'): {Reason}", e.Message);
            }
        }
        GarbageCollector.Collect(vault, cache.Cached());
    }

    /// <summary>
    /// Makes fsck check the blocks' place of record (<see cref="CachedBlockStore.AuditRemote"/>): the objects in the
    /// store, listed once, rather than their cached copies. Null when the vault's blocks are not cached in front of a
    /// remote store (fsck checks them where they are).
    /// </summary>
    /// <param name="vault">The vault, opened exclusively for fsck.</param>
    /// <param name="progress">Receives progress lines while the store is listed.</param>
    /// <returns>What the listing found.</returns>
    /// <exception cref="VaultException">The store cannot be listed (unreachable, or it refused).</exception>
    public static ObjectStoreAudit? AuditRemote(Vault vault, Action<string>? progress)
    {
        if (Cache(vault) is not { } cache) return null;
        var location = cache.Remote is S3BlockStore s3 ? s3.Location.Url : vault.Metadata.GetSetting(RemoteSetting) ?? "";
        try
        {
            var (objects, bytes, queued) = cache.AuditRemote(line => progress?.Invoke($"fsck: listing {location}: {line}"));
            return new ObjectStoreAudit(location, objects, bytes, queued);
        }
        catch (IOException e)
        {
            throw new VaultException($"fsck cannot list the blocks in {location}: {e.Message}", e);
        }
    }

    /// <summary>The block cache of <paramref name="vault"/> (under the sealing layer of an encrypted vault), or null.</summary>
    internal static CachedBlockStore? Cache(Vault vault) =>
        ((vault.Blocks is Storage.Blocks.Sealing.SealedBlockStore sealing ? sealing.Inner : vault.Blocks) as TieredBlockStore)?.Files as CachedBlockStore;

    /// <summary>The store a <see cref="RemoteSetting"/> names.</summary>
    /// <exception cref="IOException">A location that is not understood.</exception>
    private static IBlockStore OpenRemote(string location, MetadataStore metadata, ILogger log, bool @sealed, out string? unreachable)
    {
        unreachable = null;
        if (location.StartsWith(S3Location.Scheme, StringComparison.Ordinal)) return ObjectStoreBlocks.Open(metadata, log, @sealed, out unreachable);
        if (Path.IsPathFullyQualified(location)) return new FileBlockStore(location);
        throw new IOException($"the block location '{location}' is not understood (a directory's absolute path)");
    }

    private static string NormalizeRemote(string remote)
    {
        if (remote.StartsWith("file://", StringComparison.Ordinal)) remote = new Uri(remote).LocalPath;
        // A directory given relative to the working directory; a URI of another scheme is kept as written.
        return remote.Contains("://", StringComparison.Ordinal) ? remote : Path.GetFullPath(remote);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using Indra.Engine.Attention;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Identity;
using Indra.Hashing;
using Indra.Storage;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace Indra.Engine.Vaults;

/// <summary>
/// An open vault: its metadata store, block store, content engine, attention recorder and player identity. A vault
/// directory is held by one process at a time (<c>vault.lock</c>). Dispose to persist pending attention and close.
/// The vault carries the process's <see cref="Clock"/> and <see cref="Loggers"/>, so that every layer above it reads
/// time and logs through what the composition root (or a test) chose.
/// </summary>
public sealed class Vault : IDisposable
{
    /// <summary>The inode of the player's root tree (/vault).</summary>
    public const long RootInode = 2;

    /// <summary>Blocks up to this many bytes are kept in the metadata database rather than as files.</summary>
    public const int InlineBlockLimit = 16 * 1024;

    /// <summary>Default block size in bytes (1 MiB).</summary>
    public const int DefaultBlockSize = 1 << 20;

    /// <summary>"1" while the vault is closed after a clean shutdown; the orphan scan at open runs only after a crash.</summary>
    internal const string CleanShutdownKey = "clean_shutdown";

    private readonly VaultLock? _lock;
    private readonly string? _temporaryStaging;

    private Vault(string? directory, MetadataStore metadata, IBlockStore blocks, PlayerIdentity identity, VaultLock? vaultLock, string staging, string? temporaryStaging, VaultServices services)
    {
        Clock = services.Clock;
        Loggers = services.Loggers;
        var storageLog = Loggers.CreateLogger(StorageCategory);
        metadata.Log = line => storageLog.LogWarning("{Message}", line);
        Directory = directory;
        Metadata = metadata;
        Blocks = blocks;
        Identity = identity;
        _lock = vaultLock;
        _temporaryStaging = temporaryStaging;
        StagingDirectory = staging;
        BlockSize = int.Parse(metadata.GetSetting("block_size") ?? DefaultBlockSize.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        Counters = new EngineCounters();
        Content = new ContentStore(metadata, blocks, BlockSize, Counters);
        Attention = new AttentionRecorder(metadata, Clock);
        Tree = new VaultTree(metadata, Content, BlockSize, Clock);
        ContentBlocks = new ContentBlocks(blocks, owned: false);
    }

    /// <summary>The log category of the storage layer (metadata store, block stores), which does not log itself.</summary>
    public const string StorageCategory = "Indra.Storage";

    /// <summary>Where every layer above the vault reads the time (<see cref="TimeProvider.System"/> unless given).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Where every layer above the vault gets its loggers (nothing is logged unless given).</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>The vault directory, or null for an in-memory vault.</summary>
    public string? Directory { get; }

    /// <summary>Metadata (nodes, references, leaves, blocks, xattrs, attention).</summary>
    internal MetadataStore Metadata { get; }

    /// <summary>Block bytes.</summary>
    /// <remarks>Layers above the engine use <see cref="ContentBlocks"/>.</remarks>
    internal IBlockStore Blocks { get; }

    /// <summary>The vault's blocks by <see cref="BlockHash"/>, for layers above the engine (serving them to peers).</summary>
    public ContentBlocks ContentBlocks { get; }

    /// <summary>Leaf versions: building, reading, block lifetime.</summary>
    public ContentStore Content { get; }

    /// <summary>The tree of nodes and references and the operations that change it: what layers above the engine use.</summary>
    public VaultTree Tree { get; }

    /// <summary>Batched attention events.</summary>
    public AttentionRecorder Attention { get; }

    /// <summary>Work counters (bytes hashed, bytes stored).</summary>
    public EngineCounters Counters { get; }

    /// <summary>The player.</summary>
    public PlayerIdentity Identity { get; }

    /// <summary>The player id as a plain hash (BLAKE3 of the public key); the filesystem layer's until it moves to <see cref="Player"/>.</summary>
    public Blake3Hash PlayerId => Identity.PlayerId.Hash;

    /// <summary>The vault's player: the steward of everything in /vault (BLAKE3 of the public key).</summary>
    public PlayerId Player => Identity.PlayerId;

    /// <summary>Block size in bytes, fixed at creation.</summary>
    public int BlockSize { get; }

    /// <summary>Where staged writes spill.</summary>
    public string StagingDirectory { get; }

    /// <summary>
    /// Creates a vault in <paramref name="directory"/> (made if missing) and opens it. Everything in it is its owner's
    /// only: the directory 0700 (narrowed to that if it existed), files 0600 and folders 0700 as they are made.
    /// </summary>
    /// <param name="directory">The vault directory; must not already hold a vault.</param>
    /// <param name="blockSize">Block size in bytes: a power of two from 1 KiB to 64 MiB.</param>
    /// <param name="owner">uid and gid that own /vault.</param>
    /// <param name="services">The clock and loggers (the system clock and no logging when null).</param>
    /// <param name="objectStore">Keep blocks on this object store instead of VAULT/blocks (null: local files).</param>
    /// <exception cref="VaultException">A vault exists there, or the directory cannot be used, or the object store
    /// refuses the credentials or cannot be reached.</exception>
    public static Vault Create(string directory, int blockSize = DefaultBlockSize, (uint Uid, uint Gid)? owner = null, VaultServices? services = null, ObjectStoreSettings? objectStore = null)
    {
        services ??= VaultServices.Default;
        ValidateBlockSize(blockSize);
        directory = Path.GetFullPath(directory);
        if (VaultLayout.Exists(directory)) throw new VaultException($"a vault already exists at {directory}");
        if (objectStore is not null) ObjectStoreBlocks.Check(objectStore);
        try
        {
            // Owner-only from the start whatever the umask; a folder that existed already is narrowed to the same.
            OwnerOnly.CreateFolder(directory);
            OwnerOnly.Tighten(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VaultException($"cannot create vault directory {directory}: {e.Message}", e);
        }
        var vaultLock = VaultLock.Acquire(directory);
        try
        {
            using (var identity = PlayerIdentity.Generate())
            {
                identity.Save(Path.Combine(directory, VaultLayout.IdentityFile));
            }
            using (var metadata = MetadataStore.Open(Path.Combine(directory, VaultLayout.MetadataFile)))
            {
                Initialize(metadata, blockSize, owner ?? (Interop.CurrentUser.Uid, Interop.CurrentUser.Gid), services.Clock);
                objectStore?.Write(metadata);
            }
        }
        finally
        {
            vaultLock.Dispose();
        }
        return Open(directory, services);
    }

    /// <summary>
    /// True when a running process holds (or last held) the vault in <paramref name="directory"/>, such as a mount
    /// daemon: a separate reader of its database (<see cref="VaultReader"/>) may then trail that holder's queued writes
    /// by <see cref="QueuedWriteDelay"/>. The holder's own process counts too.
    /// </summary>
    public static bool IsHeld(string directory) => VaultLock.LiveOwner(Path.GetFullPath(directory)) is not null;

    /// <summary>
    /// Opens the vault in <paramref name="directory"/> and takes its lock. A directory that group or others may use
    /// (a vault made before vaults were owner-only) is narrowed to its owner (0700), with a warning in the log.
    /// </summary>
    /// <param name="directory">The vault directory.</param>
    /// <param name="services">The clock and loggers (the system clock and no logging when null).</param>
    /// <exception cref="VaultException">No vault there, another process holds it, or its player key is open to
    /// group or others (the message is then <see cref="UnprotectedKeyException"/>'s line alone).</exception>
    public static Vault Open(string directory, VaultServices? services = null)
    {
        services ??= VaultServices.Default;
        directory = Path.GetFullPath(directory);
        if (!VaultLayout.Exists(directory)) throw new VaultException($"no vault at {directory} (run 'indra init')");
        // An encrypted vault's key is unwrapped first: a wrong passphrase or key file is refused before anything opens.
        var vaultKey = Keys.VaultKeyFile.Unlock(directory, services.Keys);
        var vaultLock = VaultLock.Acquire(directory);
        MetadataStore? metadata = null;
        IBlockStore? files = null;
        try
        {
            TightenDirectory(directory, services.Loggers);
            metadata = MetadataStore.Open(Path.Combine(directory, VaultLayout.MetadataFile));
            var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
            var staging = Path.Combine(directory, VaultLayout.StagingDirectory);
            ResetStaging(staging);
            files = BlockTier.Open(directory, metadata, services);
            var blocks = new TieredBlockStore(new InlineBlockStore(metadata), files, InlineBlockLimit);
            // Encryption at rest: every block, inline or not, is sealed before it reaches the tiers (docs/encryption.md).
            var stored = Keys.VaultSealing.Wrap(blocks, vaultKey);
            var vault = new Vault(directory, metadata, stored, identity, vaultLock, staging, null, services);
            if (metadata.GetSetting(CleanShutdownKey) != "1")
            {
                // The previous process died: drop nodes unlinked while open, and blocks written for saves that never
                // committed (blocks are stored before the transaction that references them).
                vault.RemoveOrphans();
                BlockTier.CollectAfterCrash(vault);
            }
            metadata.SetSetting(CleanShutdownKey, "0");
            return vault;
        }
        catch (Exception e) when (e is IOException or CryptographicException or Microsoft.Data.Sqlite.SqliteException)
        {
            if (vaultKey is not null) CryptographicOperations.ZeroMemory(vaultKey);
            (files as IDisposable)?.Dispose(); // a block cache's upload threads and timer
            metadata?.Dispose();
            vaultLock.Dispose();
            // A key open to others is refused with its own line: what is wrong and the chmod that fixes it.
            throw new VaultException(e is UnprotectedKeyException ? e.Message : $"cannot open vault {directory}: {e.Message}", e);
        }
    }

    /// <summary>A throwaway vault in memory (staging in a temporary directory), for tests.</summary>
    /// <param name="blockSize">Block size in bytes.</param>
    /// <param name="services">The clock and loggers (the system clock and no logging when null).</param>
    public static Vault CreateInMemory(int blockSize = DefaultBlockSize, VaultServices? services = null)
    {
        services ??= VaultServices.Default;
        ValidateBlockSize(blockSize);
        var metadata = MetadataStore.OpenInMemory();
        Initialize(metadata, blockSize, (Interop.CurrentUser.Uid, Interop.CurrentUser.Gid), services.Clock);
        var staging = Path.Combine(Path.GetTempPath(), "indra-staging-" + Guid.NewGuid().ToString("N"));
        OwnerOnly.CreateFolder(staging);
        return new Vault(null, metadata, new MemoryBlockStore(), PlayerIdentity.Generate(), null, staging, staging, services);
    }

    /// <summary>Now by the system clock, UTC nanoseconds since the Unix epoch. Prefer <see cref="ClockNs"/>, which
    /// follows the vault's <see cref="Clock"/> (the filesystem layer still reads this one).</summary>
    public static long NowNs() => UnixNanoseconds(TimeProvider.System);

    /// <summary>Now by the vault's <see cref="Clock"/>, UTC nanoseconds since the Unix epoch.</summary>
    public long ClockNs() => UnixNanoseconds(Clock);

    /// <summary>Now by <paramref name="clock"/>, UTC nanoseconds since the Unix epoch (100 ns resolution).</summary>
    public static long UnixNanoseconds(TimeProvider clock) => (clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>
    /// Longest time a tree write queued by the holder of a vault (a mount) waits before it commits: what a separate
    /// reader (<see cref="VaultReader"/>) may trail the holder by.
    /// </summary>
    public static TimeSpan QueuedWriteDelay => MetadataStore.DeferredInterval;

    /// <summary>Persists pending attention, closes the stores and releases the lock.</summary>
    public void Dispose()
    {
        Attention.Dispose();
        if (_lock is not null) Metadata.SetSetting(CleanShutdownKey, "1");
        Metadata.Dispose();
        (Blocks as IDisposable)?.Dispose();
        Identity.Dispose();
        if (_temporaryStaging is not null)
        {
            try
            {
                System.IO.Directory.Delete(_temporaryStaging, recursive: true);
            }
            catch (IOException)
            {
                // A staging file still open elsewhere: the temp directory is left for the OS to clean.
            }
        }
        _lock?.Dispose();
    }

    private static void ValidateBlockSize(int blockSize)
    {
        if (blockSize < 1024 || blockSize > 64 << 20 || !int.IsPow2(blockSize))
            throw new VaultException($"block size {blockSize} is not a power of two between 1 KiB and 64 MiB");
    }

    private static void Initialize(MetadataStore metadata, int blockSize, (uint Uid, uint Gid) owner, TimeProvider clock)
    {
        var now = UnixNanoseconds(clock);
        metadata.InTransaction(() =>
        {
            metadata.SetSetting("block_size", blockSize.ToString(CultureInfo.InvariantCulture));
            metadata.SetSetting("created", clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            var treeId = new byte[32];
            RandomNumberGenerator.Fill(treeId);
            metadata.InsertNode(new NodeRecord
            {
                Inode = RootInode,
                Kind = (int)NodeKind.Directory,
                Mode = 0x1ED, // 0755
                Uid = owner.Uid,
                Gid = owner.Gid,
                LinkCount = 2,
                AccessTimeNs = now,
                ModifyTimeNs = now,
                ChangeTimeNs = now,
                BirthTimeNs = now,
                ArtifactId = new Blake3Hash(treeId),
                TypeTag = nameof(TreeType.Vault),
            });
        });
    }

    private static void ResetStaging(string staging)
    {
        if (System.IO.Directory.Exists(staging)) System.IO.Directory.Delete(staging, recursive: true);
        OwnerOnly.CreateFolder(staging);
    }

    /// <summary>Narrows a vault directory that group or others may use to its owner, saying so in the log; a directory
    /// whose mode cannot be changed (another user's) is left as it is, with a warning.</summary>
    private static void TightenDirectory(string directory, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger<Vault>();
        try
        {
            if (OwnerOnly.Tighten(directory) is { } was)
            {
                log.LogWarning("vault directory {Directory} was open to group or others (mode {Mode}); it is now owner-only (0700)", directory, OwnerOnly.Octal(was));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("vault directory {Directory} is open to group or others and cannot be narrowed: {Reason}", directory, e.Message);
        }
    }

    /// <summary>Deletes nodes that no reference names (unlinked while open when the previous process died).</summary>
    private void RemoveOrphans()
    {
        Tree.InTransaction(() =>
        {
            foreach (var node in Tree.FindOrphans()) Tree.Release(node);
        });
    }
}

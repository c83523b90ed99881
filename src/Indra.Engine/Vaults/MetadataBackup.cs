using System.Globalization;
using System.Text;
using Indra.Engine.Identity;
using Indra.Storage;
using Indra.Storage.Blocks.ObjectStore;
using Indra.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Indra.Engine.Vaults;

/// <summary>
/// The metadata of a vault whose blocks are on an object store, kept off the machine: <see cref="Backup"/> uploads a
/// consistent snapshot of vault.db (SQLite's <c>VACUUM INTO</c> from a read-only connection, so a mounted vault keeps
/// running) to <c>PREFIX/metadata/vault-UTC.db</c>, with what a restore on a new machine needs to be the same vault to
/// its peers (the player key, sealed: <see cref="IdentityBackup"/>; an encrypted vault's wrapped key as it is), and
/// then points <c>PREFIX/metadata/latest</c> at the snapshot; <see cref="Restore"/> rebuilds a vault directory from the
/// bucket alone. Nothing secret is ever in the bucket in plain text (docs/backup.md).
/// </summary>
public static class MetadataBackup
{
    private const string LatestName = "latest";

    /// <summary>The name under <c>PREFIX/metadata/</c> of the sealed player key.</summary>
    public const string IdentityName = "identity.sealed";

    /// <summary>The name under <c>PREFIX/metadata/</c> of an encrypted vault's wrapped key (a copy of VAULT/vault.key).</summary>
    public const string VaultKeyName = Keys.VaultKeyFile.FileName;

    /// <summary>
    /// Uploads a snapshot of the metadata of the vault in <paramref name="directory"/> (mounted or not). The player key
    /// goes with it sealed by the vault key when the vault is encrypted (its wrapped key goes too), or by
    /// <paramref name="identityPassphrase"/> when one is given; otherwise it is not uploaded.
    /// </summary>
    /// <param name="directory">The vault directory.</param>
    /// <param name="clock">Names the snapshot (UTC).</param>
    /// <param name="keys">Unlocks an encrypted vault's key (<see cref="Keys.VaultKeySource.FromEnvironment"/> when null).</param>
    /// <param name="identityPassphrase">A plain vault: the passphrase that seals the player key in the bucket, or null to leave it out.</param>
    /// <param name="progress">Told each step as it ends, one line each (<c>backup: step 1/3 snapshot taken (N bytes)</c>); null: nothing.</param>
    /// <returns>The snapshot's object key, its size in bytes, and how the player key was sealed (<see cref="IdentityBackup.VaultKeyWrap"/>, <see cref="IdentityBackup.PassphraseWrap"/>, or null: not uploaded).</returns>
    /// <exception cref="VaultException">No vault there, its blocks are local, the vault key is not given or wrong, or the object store refused or failed.</exception>
    public static (string Key, long Bytes, string? Identity) Backup(string directory, TimeProvider clock, Keys.VaultKeySource? keys = null, string? identityPassphrase = null, Action<string>? progress = null)
    {
        directory = Path.GetFullPath(directory);
        var database = Path.Combine(directory, VaultLayout.MetadataFile);
        if (!VaultLayout.Exists(directory)) throw new VaultException($"no vault at {directory}");
        ObjectStoreSettings settings;
        using (var reader = MetadataStore.OpenReadOnly(database))
        {
            settings = ObjectStoreSettings.Read(reader) ?? throw new VaultException($"vault {directory} keeps its blocks in {Path.Combine(directory, VaultLayout.BlocksDirectory)}: backup needs a vault made with 'indra init --blocks s3://...'");
        }
        var (identityWrap, sealedIdentity) = SealIdentity(directory, keys, identityPassphrase);
        var snapshot = Path.Combine(directory, $"backup-{Guid.NewGuid():N}.db");
        try
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "VACUUM INTO $target";
                command.Parameters.AddWithValue("$target", snapshot);
                command.ExecuteNonQuery();
            }
            var bytes = File.ReadAllBytes(snapshot);
            BackupProgress.Step(progress, "backup", 1, 3, $"snapshot of {VaultLayout.MetadataFile} taken", bytes.LongLength);
            using var bucket = new S3Bucket(settings.ToLocation());
            var key = $"{bucket.Location.MetadataPrefix}vault-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}.db";
            bucket.Put(key, bytes);
            BackupProgress.Step(progress, "backup", 2, 3, $"uploaded {key}", bytes.LongLength);
            if (Keys.VaultKeyFile.IsEncrypted(directory)) bucket.Put(bucket.Location.MetadataPrefix + VaultKeyName, File.ReadAllBytes(Keys.VaultKeyFile.PathIn(directory)));
            if (sealedIdentity is not null) bucket.Put(bucket.Location.MetadataPrefix + IdentityName, sealedIdentity);
            bucket.Put(bucket.Location.MetadataPrefix + LatestName, Encoding.UTF8.GetBytes(key));
            BackupProgress.Step(progress, "backup", 3, 3, $"{bucket.Location.MetadataPrefix}{LatestName} points at it", null);
            return (key, bytes.LongLength, identityWrap);
        }
        catch (Exception e) when (e is ObjectStoreException or SqliteException)
        {
            throw new VaultException($"backup of {directory}: {e.Message}", e);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    /// <summary>
    /// Makes a vault in <paramref name="directory"/> from the latest snapshot under <paramref name="settings"/>'s
    /// prefix: vault.db as it was backed up (every node, reference and file id), the object store settings given here,
    /// an encrypted vault's wrapped key, and the player key: from <paramref name="identityFile"/> when given, a new one
    /// when <paramref name="newIdentity"/>, else the one sealed in the backup (opened with the vault key or the
    /// passphrase given at backup), else a new one. The restored vault counts as cleanly shut down, so opening it does
    /// not collect blocks (blocks newer than the snapshot stay in the bucket). Nothing is left in
    /// <paramref name="directory"/> when it fails.
    /// </summary>
    /// <param name="settings">Where the bucket is.</param>
    /// <param name="directory">The new vault directory (no vault there).</param>
    /// <param name="identityFile">A saved player key to use, or null.</param>
    /// <param name="keys">Unlocks an encrypted vault's key (<see cref="Keys.VaultKeySource.FromEnvironment"/> when null).</param>
    /// <param name="identityPassphrase">Asked for the passphrase that sealed the player key, when it was sealed by one.</param>
    /// <param name="newIdentity">Make a new player key even when the backup carries one.</param>
    /// <param name="progress">Told each step as it ends, one line each (<c>restore: step 2/4 downloaded KEY (N bytes)</c>); null: nothing.</param>
    /// <returns>The snapshot's object key, and where the player key came from (<c>backup</c>, <c>file</c> or <c>new</c>).</returns>
    /// <exception cref="VaultException">A vault is there already, no snapshot in the bucket, the store refused or failed, or the player key cannot be opened (wrong passphrase or vault key).</exception>
    public static (string Key, string Identity) Restore(ObjectStoreSettings settings, string directory, string? identityFile = null,
        Keys.VaultKeySource? keys = null, Func<string?>? identityPassphrase = null, bool newIdentity = false, Action<string>? progress = null)
    {
        directory = Path.GetFullPath(directory);
        if (VaultLayout.Exists(directory)) throw new VaultException($"a vault already exists at {directory}");
        var location = settings.ToLocation();
        string key;
        byte[] snapshot;
        byte[]? wrappedVaultKey, sealedIdentity;
        try
        {
            using var bucket = new S3Bucket(location);
            var latest = bucket.Get(location.MetadataPrefix + LatestName) ?? throw new VaultException($"no metadata backup in {location.Url} (no {location.MetadataPrefix}{LatestName}; run 'indra backup' on the vault first)");
            key = Encoding.UTF8.GetString(latest).Trim();
            BackupProgress.Step(progress, "restore", 1, 4, $"the latest backup is {key}", null);
            snapshot = bucket.Get(key) ?? throw new VaultException($"the latest backup {key} named in {location.Url} is missing");
            BackupProgress.Step(progress, "restore", 2, 4, $"downloaded {key}", snapshot.LongLength);
            wrappedVaultKey = bucket.Get(location.MetadataPrefix + VaultKeyName);
            sealedIdentity = identityFile is null && !newIdentity ? bucket.Get(location.MetadataPrefix + IdentityName) : null;
        }
        catch (ObjectStoreException e)
        {
            throw new VaultException($"restore from {location.Url}: {e.Message}", e);
        }
        var existed = Directory.Exists(directory);
        var made = new List<string>();
        try
        {
            OwnerOnly.CreateFolder(directory);
            OwnerOnly.Tighten(directory);
            if (wrappedVaultKey is not null) WriteOwnerOnly(Keys.VaultKeyFile.PathIn(directory), wrappedVaultKey, made);
            var identityPath = Path.Combine(directory, VaultLayout.IdentityFile);
            string source;
            if (sealedIdentity is not null)
            {
                WriteOwnerOnly(identityPath, OpenIdentity(directory, sealedIdentity, keys, identityPassphrase), made);
                PlayerIdentity.Load(identityPath).Dispose(); // a valid key, or the restore fails
                source = "backup";
            }
            else
            {
                using var identity = identityFile is null ? PlayerIdentity.Generate() : PlayerIdentity.Load(identityFile);
                made.Add(identityPath);
                identity.Save(identityPath);
                source = identityFile is null ? "new" : "file";
            }
            var database = Path.Combine(directory, VaultLayout.MetadataFile);
            WriteOwnerOnly(database, snapshot, made);
            BackupProgress.Step(progress, "restore", 3, 4, $"wrote {VaultLayout.MetadataFile}", snapshot.LongLength);
            using (var metadata = MetadataStore.Open(database))
            {
                settings.Write(metadata);
                metadata.SetSetting(Vault.CleanShutdownKey, "1");
            }
            BackupProgress.Step(progress, "restore", 4, 4, "player key and object store settings written", null);
            return (key, source);
        }
        catch (Exception e) when (e is VaultException or IOException or System.Security.Cryptography.CryptographicException or SqliteException)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in made) File.Delete(path);
            foreach (var side in new[] { "-wal", "-shm" }) File.Delete(Path.Combine(directory, VaultLayout.MetadataFile + side));
            if (!existed && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
            throw e as VaultException ?? new VaultException($"restore into {directory}: {e.Message}", e);
        }
    }

    /// <summary>The player key sealed for the bucket: by the vault key (encrypted vault), by the passphrase, or none.</summary>
    private static (string? Wrap, byte[]? Sealed) SealIdentity(string directory, Keys.VaultKeySource? keys, string? identityPassphrase)
    {
        var identity = File.ReadAllBytes(Path.Combine(directory, VaultLayout.IdentityFile));
        try
        {
            if (Keys.VaultKeyFile.Unlock(directory, keys) is { } vaultKey)
            {
                try
                {
                    return (IdentityBackup.VaultKeyWrap, IdentityBackup.Seal(identity, IdentityBackup.VaultKeyWrap, vaultKey));
                }
                finally
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(vaultKey);
                }
            }
            if (string.IsNullOrEmpty(identityPassphrase)) return (null, null);
            var secret = Encoding.UTF8.GetBytes(identityPassphrase);
            try
            {
                return (IdentityBackup.PassphraseWrap, IdentityBackup.Seal(identity, IdentityBackup.PassphraseWrap, secret));
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(identity);
        }
    }

    /// <summary>The player key's bytes from the sealed document, opened by the vault key (its wrapped key is in <paramref name="directory"/> already) or the passphrase.</summary>
    private static byte[] OpenIdentity(string directory, byte[] sealedIdentity, Keys.VaultKeySource? keys, Func<string?>? identityPassphrase)
    {
        if (IdentityBackup.WrapOf(sealedIdentity) == IdentityBackup.VaultKeyWrap)
        {
            var vaultKey = Keys.VaultKeyFile.Unlock(directory, keys)
                ?? throw new VaultException("the player key in the backup is sealed by a vault key, but the backup has no wrapped vault key");
            try
            {
                return IdentityBackup.Open(sealedIdentity, vaultKey);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(vaultKey);
            }
        }
        var passphrase = identityPassphrase?.Invoke();
        if (string.IsNullOrEmpty(passphrase))
            throw new VaultException("the backup's player key is sealed by a passphrase: give it (the prompt, or $INDRA_BACKUP_PASSPHRASE), or --identity FILE, or --new-identity");
        return IdentityBackup.Open(sealedIdentity, Encoding.UTF8.GetBytes(passphrase));
    }

    private static void WriteOwnerOnly(string path, byte[] bytes, List<string> made)
    {
        using var stream = new FileStream(path, OwnerOnly.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None));
        made.Add(path);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}

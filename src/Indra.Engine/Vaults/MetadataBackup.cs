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
/// running) to <c>PREFIX/metadata/vault-UTC.db</c> and then points <c>PREFIX/metadata/latest</c> at it;
/// <see cref="Restore"/> rebuilds a vault directory from the bucket alone. The player key is not uploaded.
/// </summary>
public static class MetadataBackup
{
    private const string LatestName = "latest";

    /// <summary>Uploads a snapshot of the metadata of the vault in <paramref name="directory"/> (mounted or not).</summary>
    /// <param name="directory">The vault directory.</param>
    /// <param name="clock">Names the snapshot (UTC).</param>
    /// <param name="progress">Told each step as it ends, one line each (<c>backup: step 1/3 snapshot taken (N bytes)</c>); null: nothing.</param>
    /// <returns>The snapshot's object key and its size in bytes.</returns>
    /// <exception cref="VaultException">No vault there, its blocks are local, or the object store refused or failed.</exception>
    public static (string Key, long Bytes) Backup(string directory, TimeProvider clock, Action<string>? progress = null)
    {
        directory = Path.GetFullPath(directory);
        var database = Path.Combine(directory, VaultLayout.MetadataFile);
        if (!VaultLayout.Exists(directory)) throw new VaultException($"no vault at {directory}");
        ObjectStoreSettings settings;
        using (var reader = MetadataStore.OpenReadOnly(database))
        {
            settings = ObjectStoreSettings.Read(reader) ?? throw new VaultException($"vault {directory} keeps its blocks in {Path.Combine(directory, VaultLayout.BlocksDirectory)}: backup needs a vault made with 'indra init --blocks s3://...'");
        }
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
            bucket.Put(bucket.Location.MetadataPrefix + LatestName, Encoding.UTF8.GetBytes(key));
            BackupProgress.Step(progress, "backup", 3, 3, $"{bucket.Location.MetadataPrefix}{LatestName} points at it", null);
            return (key, bytes.LongLength);
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
    /// and the player key from <paramref name="identityFile"/> or a new one. The restored vault counts as cleanly shut
    /// down, so opening it does not collect blocks (blocks newer than the snapshot stay in the bucket).
    /// </summary>
    /// <param name="settings">The object store and prefix.</param>
    /// <param name="directory">Where the vault is made.</param>
    /// <param name="identityFile">A saved player key, or null for a new one.</param>
    /// <param name="progress">Told each step as it ends, one line each (<c>restore: step 2/4 downloaded KEY (N bytes)</c>); null: nothing.</param>
    /// <returns>The snapshot's object key.</returns>
    /// <exception cref="VaultException">A vault is there already, no snapshot in the bucket, or the store refused or failed.</exception>
    public static string Restore(ObjectStoreSettings settings, string directory, string? identityFile = null, Action<string>? progress = null)
    {
        directory = Path.GetFullPath(directory);
        if (VaultLayout.Exists(directory)) throw new VaultException($"a vault already exists at {directory}");
        var location = settings.ToLocation();
        string key;
        byte[] snapshot;
        try
        {
            using var bucket = new S3Bucket(location);
            var latest = bucket.Get(location.MetadataPrefix + LatestName) ?? throw new VaultException($"no metadata backup in {location.Url} (no {location.MetadataPrefix}{LatestName}; run 'indra backup' on the vault first)");
            key = Encoding.UTF8.GetString(latest).Trim();
            BackupProgress.Step(progress, "restore", 1, 4, $"the latest backup is {key}", null);
            snapshot = bucket.Get(key) ?? throw new VaultException($"the latest backup {key} named in {location.Url} is missing");
            BackupProgress.Step(progress, "restore", 2, 4, $"downloaded {key}", snapshot.LongLength);
        }
        catch (ObjectStoreException e)
        {
            throw new VaultException($"restore from {location.Url}: {e.Message}", e);
        }
        OwnerOnly.CreateFolder(directory);
        OwnerOnly.Tighten(directory);
        var database = Path.Combine(directory, VaultLayout.MetadataFile);
        using (var stream = new FileStream(database, OwnerOnly.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None)))
        {
            stream.Write(snapshot);
            stream.Flush(flushToDisk: true);
        }
        BackupProgress.Step(progress, "restore", 3, 4, $"wrote {VaultLayout.MetadataFile}", snapshot.LongLength);
        using (var identity = identityFile is null ? PlayerIdentity.Generate() : PlayerIdentity.Load(identityFile))
        {
            identity.Save(Path.Combine(directory, VaultLayout.IdentityFile));
        }
        using (var metadata = MetadataStore.Open(database))
        {
            settings.Write(metadata);
            metadata.SetSetting(Vault.CleanShutdownKey, "1");
        }
        BackupProgress.Step(progress, "restore", 4, 4, "player key and object store settings written", null);
        return key;
    }
}

using System.CommandLine;
using System.Net.Sockets;
using Indra.Cli.Hosting;
using Indra.Engine.Vaults;
using Indra.Engine.Vaults.Keys;
using Indra.Sharing;
using Microsoft.Data.Sqlite;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra init</c>: creates a vault (metadata, block store, player identity), owner-only whatever the umask, and
/// chooses its peer port: one free on 127.0.0.1 now (<see cref="PeerPort"/>), so that vaults of different users on
/// one machine do not contend for one port.
/// </summary>
internal static class InitCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var blockSize = new Option<int>("--block-size")
        {
            Description = "Block size in bytes: a power of two from 1024 to 67108864 (default 1048576)",
            DefaultValueFactory = _ => Vault.DefaultBlockSize,
        };
        var objectStore = ObjectStoreOptions.Create();
        var cacheSize = BlockCacheCliOptions.Size("stored in the vault, 'indra mount --cache-size' overrides it per mount");
        var durability = BlockCacheCliOptions.Durability("stored in the vault, 'indra mount --durability' overrides it per mount");
        var command = new Command("init", "Create a new vault, readable by you only: SQLite metadata, a content-addressed block store, a player key pair and a free peer port on 127.0.0.1")
        {
            vault, blockSize, cacheSize, durability,
        };
        objectStore.AddTo(command);
        // Encryption at rest (docs/encryption.md).
        var encrypt = new Option<bool>("--encrypt")
        {
            Description = "Seal every block with AES-256-GCM under a new random vault key, stored wrapped by a passphrase ($INDRA_PASSPHRASE, else asked twice at the terminal) or by --key-file; metadata (names, sizes, ids) stays unencrypted",
        };
        var keyFile = VaultKeyOptions.KeyFile("With --encrypt: wrap the vault key with this file's bytes (at least 32, e.g. head -c 32 /dev/urandom) instead of a passphrase; give it again at every mount");
        command.Options.Add(encrypt);
        command.Options.Add(keyFile);
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            var remote = objectStore.Settings(parse, required: false);
            var blocks = objectStore.Directory(parse);
            using var created = CreateVault(directory, parse.GetValue(blockSize), parse.GetValue(encrypt), parse.GetValue(keyFile), remote);
            Console.WriteLine($"created vault {directory}");
            if (remote is not null) Console.WriteLine($"blocks on {remote.Url} at {remote.Endpoint}");
            Console.WriteLine($"player {created.PlayerId}");
            Console.WriteLine($"block size {created.BlockSize} bytes");
            if (blocks is not null || parse.GetValue(cacheSize) is not null || parse.GetValue(durability) is not null)
            {
                BlockTier.Configure(created, blocks, parse.GetValue(cacheSize), BlockCacheCliOptions.ParseDurability(parse.GetValue(durability)));
                if (blocks is { } place) Console.WriteLine($"blocks kept in {Path.GetFullPath(place)}, cached in {Path.Combine(directory, VaultLayout.BlocksDirectory)}");
            }
            try
            {
                var endpoint = PeerPort.AssignFree(directory);
                Console.WriteLine($"peer endpoint {endpoint} (change it with 'indra peer listen')");
            }
            catch (Exception e) when (e is SocketException or SqliteException or IOException)
            {
                Console.Error.WriteLine($"indra: no peer port chosen ({e.Message}); the peer endpoint will listen on 127.0.0.1:{SharingOptions.DefaultPort} until 'indra peer listen' sets one");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Creates the vault, encrypted when <paramref name="encrypt"/> (its wrapped key is written first and removed again if creation fails).</summary>
    private static Vault CreateVault(string directory, int blockSize, bool encrypt, string? keyFile, ObjectStoreSettings? remote)
    {
        if (!encrypt)
        {
            if (keyFile is not null) throw new CliException("--key-file needs --encrypt");
            return Vault.Create(directory, blockSize, objectStore: remote);
        }
        if (VaultLayout.Exists(directory)) throw new VaultException($"a vault already exists at {directory}");
        var keys = VaultKeyOptions.ForCreating(directory, keyFile);
        VaultKeyFile.Create(directory, keys.Source);
        try
        {
            var created = Vault.Create(directory, blockSize, services: VaultServices.Default with { Keys = keys.Source }, objectStore: remote);
            Console.WriteLine($"encrypted: blocks sealed with AES-256-GCM; vault key wrapped by {(keys.Source.KeyFile is null ? "the passphrase" : keys.Source.KeyFile)} in {VaultKeyFile.PathIn(directory)}");
            return created;
        }
        catch
        {
            File.Delete(VaultKeyFile.PathIn(directory));
            throw;
        }
    }
}

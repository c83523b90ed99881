using System.CommandLine;
using System.Globalization;
using Indra.Cli.Hosting;
using Indra.Cli.Terminal;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra backup [--with-identity] [--key-file PATH]</c>: uploads a consistent snapshot of the vault's metadata to
/// its object store (<see cref="MetadataBackup.Backup"/>), with the player key sealed (never in plain text): by the
/// vault key of an encrypted vault (its passphrase or key file is asked for), or, with --with-identity, by a passphrase
/// (<see cref="BackupPassphrase"/>). The vault may be mounted. docs/backup.md. Its steps show on standard error
/// (<see cref="ProgressDisplay"/>): a bar on a terminal, one line each otherwise.
/// </summary>
internal static class BackupCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var withIdentity = new Option<bool>("--with-identity")
        {
            Description = $"A vault that is not encrypted: upload the player key too, sealed by a passphrase (${BackupPassphrase.Variable}, else asked twice at the terminal), so that a restore keeps the player peers know. An encrypted vault's player key is always uploaded, sealed by its vault key",
        };
        var keyFile = VaultKeyOptions.KeyFile();
        var command = new Command("backup", $"Upload a consistent snapshot of the vault's metadata (vault.db) to its object store, as PREFIX/metadata/vault-UTC.db, with the player key sealed (see --with-identity), and point PREFIX/metadata/latest at it; the vault may be mounted. Credentials: {ObjectStoreSettings.CredentialsHelp}") { vault, withIdentity, keyFile };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            string? passphrase = null;
            if (parse.GetValue(withIdentity) && !Engine.Vaults.Keys.VaultKeyFile.IsEncrypted(directory))
            {
                passphrase = BackupPassphrase.Ask(confirm: true);
                if (string.IsNullOrEmpty(passphrase)) throw new CliException($"--with-identity needs a passphrase: set {BackupPassphrase.Variable} or run at a terminal");
            }
            var keys = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile)).Source;
            var (key, bytes, identity) = ProgressDisplay.Run("backup", report => MetadataBackup.Backup(directory, TimeProvider.System, keys, passphrase, report));
            Console.WriteLine($"backup: {key} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
            Console.WriteLine(identity switch
            {
                IdentityBackup.VaultKeyWrap => "player key: uploaded, sealed by the vault key",
                IdentityBackup.PassphraseWrap => "player key: uploaded, sealed by the passphrase",
                _ => "player key: not uploaded (a restore makes a new player unless given --identity FILE; see --with-identity)",
            });
            return 0;
        });
        return command;
    }
}

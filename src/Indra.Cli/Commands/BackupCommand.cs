using System.CommandLine;
using System.Globalization;
using Indra.Cli.Terminal;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra backup</c>: uploads a consistent snapshot of the vault's metadata to its object store
/// (<see cref="MetadataBackup.Backup"/>); the vault may be mounted. Its steps show on standard error
/// (<see cref="ProgressDisplay"/>): a bar on a terminal, one line each otherwise.
/// </summary>
internal static class BackupCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("backup", $"Upload a consistent snapshot of the vault's metadata (vault.db) to its object store, as PREFIX/metadata/vault-UTC.db, and point PREFIX/metadata/latest at it; the vault may be mounted. Credentials: {ObjectStoreSettings.CredentialsHelp}") { vault };
        command.SetAction(parse =>
        {
            var (key, bytes) = ProgressDisplay.Run("backup", report => MetadataBackup.Backup(parse.GetValue(vault)!, TimeProvider.System, report));
            Console.WriteLine($"backup: {key} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
            return 0;
        });
        return command;
    }
}

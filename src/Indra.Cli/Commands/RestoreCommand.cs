using System.CommandLine;
using Indra.Cli.Hosting;
using Indra.Cli.Terminal;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra restore --blocks s3://BUCKET/PREFIX --endpoint URL --vault DIR</c>: rebuilds a vault from the bucket alone
/// (<see cref="MetadataBackup.Restore"/>), keeping the player key the backup carries sealed (opened by the vault key of
/// an encrypted vault, or by the backup's passphrase), then opens it once to prove it works. docs/backup.md. Its steps
/// show on standard error (<see cref="ProgressDisplay"/>): a bar on a terminal, one line each otherwise.
/// </summary>
internal static class RestoreCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var identity = new Option<string?>("--identity") { Description = "Use this saved player key (VAULT/identity.key of the old vault) instead of the one in the backup" };
        var newIdentity = new Option<bool>("--new-identity") { Description = "Make a new player key even when the backup carries one (peers will not recognise the vault)" };
        var keyFile = VaultKeyOptions.KeyFile();
        var objectStore = ObjectStoreOptions.Create();
        var command = new Command("restore", $"Rebuild a vault in --vault DIR (which must hold none) from the latest metadata backup in the bucket and the blocks beside it; every file id is kept, and the player key too when the backup carries it (sealed: an encrypted vault's passphrase or --key-file opens it, else the backup's passphrase, ${BackupPassphrase.Variable} or asked)") { vault, identity, newIdentity, keyFile };
        objectStore.AddTo(command);
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            if (parse.GetValue(identity) is not null && parse.GetValue(newIdentity)) throw new CliException("--identity and --new-identity exclude each other");
            var keys = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile)).Source;
            var (key, source) = ProgressDisplay.Run("restore", report => MetadataBackup.Restore(objectStore.Settings(parse, required: true)!, directory, parse.GetValue(identity), keys,
                () => BackupPassphrase.Ask(confirm: false), parse.GetValue(newIdentity), report));
            using (var opened = Vault.Open(directory, VaultServices.Default with { Keys = keys }))
            {
                Console.WriteLine($"restored vault {directory} from {key}");
                Console.WriteLine($"player {opened.PlayerId} ({source switch { "backup" => "the backup's player key", "file" => "the player key given", _ => "a new player key: peers will not recognise it" }})");
            }
            return 0;
        });
        return command;
    }
}

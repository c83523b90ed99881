using System.CommandLine;
using Indra.Cli.Terminal;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra restore --blocks s3://BUCKET/PREFIX --endpoint URL --vault DIR</c>: rebuilds a vault from the bucket alone
/// (<see cref="MetadataBackup.Restore"/>), then opens it once to prove it works. Its steps show on standard error
/// (<see cref="ProgressDisplay"/>): a bar on a terminal, one line each otherwise.
/// </summary>
internal static class RestoreCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var identity = new Option<string?>("--identity") { Description = "A saved player key (VAULT/identity.key of the old vault) to keep the player id; a new key is made when absent" };
        var objectStore = ObjectStoreOptions.Create();
        var command = new Command("restore", "Rebuild a vault in --vault DIR (which must hold none) from the latest metadata backup in the bucket and the blocks beside it; every file id is kept") { vault, identity };
        objectStore.AddTo(command);
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            var key = ProgressDisplay.Run("restore", report => MetadataBackup.Restore(objectStore.Settings(parse, required: true)!, directory, parse.GetValue(identity), report));
            using (var opened = Vault.Open(directory))
            {
                Console.WriteLine($"restored vault {directory} from {key}");
                Console.WriteLine($"player {opened.PlayerId}");
            }
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Indra.Cli.Hosting;
using Indra.Engine.Vaults.Keys;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra key change</c>: re-wraps an encrypted vault's key (docs/encryption.md, "Changing the passphrase") with a
/// new passphrase or key file; the current one is required. Atomic (<see cref="VaultKeyFile.Change"/>); blocks are
/// untouched and a mounted vault keeps running. Exit 0, or 1 with one line.
/// </summary>
internal static class KeyCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var keyFile = VaultKeyOptions.KeyFile("Key file that unlocks the vault now (default: $INDRA_KEY_FILE; else the current passphrase in $INDRA_PASSPHRASE or typed at the prompt)");
        var newKeyFile = new Option<string?>("--new-key-file")
        {
            Description = "Wrap the vault key with this file's bytes (at least 32) from now on; without it, a new passphrase: $INDRA_NEW_PASSPHRASE, else asked twice at the terminal",
        };
        var change = new Command("change", "Change the passphrase or key file of an encrypted vault (the current one is required); blocks are not rewritten") { vault, keyFile, newKeyFile };
        change.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            if (!VaultKeyFile.IsEncrypted(directory)) throw new CliException($"the vault {directory} is not encrypted (it has no {VaultKeyFile.FileName})");
            var current = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile)).Source;
            // Checked first, so a wrong current key is refused before a new passphrase is asked for.
            VaultKeyFile.Check(directory, current);
            var next = VaultKeyOptions.ForChanging(directory, parse.GetValue(newKeyFile)).Source;
            VaultKeyFile.Change(directory, current, next);
            Console.WriteLine($"vault key of {directory} now wrapped by {next.KeyFile ?? "the new passphrase"}");
            return 0;
        });
        return new Command("key", "The key of an encrypted vault (docs/encryption.md)") { change };
    }
}

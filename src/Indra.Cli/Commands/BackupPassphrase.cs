using Indra.Cli.Hosting;

namespace Indra.Cli.Commands;

/// <summary>
/// The passphrase that seals a plain vault's player key in its backup (<c>indra backup --with-identity</c>) and opens
/// it again at <c>indra restore</c>: <c>$INDRA_BACKUP_PASSPHRASE</c>, else typed at the terminal without echo (twice
/// when sealing); none when neither is possible.
/// </summary>
internal static class BackupPassphrase
{
    /// <summary>The environment variable read first.</summary>
    internal const string Variable = "INDRA_BACKUP_PASSPHRASE";

    /// <summary>The passphrase, or null when none is given and there is no terminal to ask at.</summary>
    /// <param name="confirm">Ask twice (sealing).</param>
    /// <exception cref="CliException">The two typed passphrases differ.</exception>
    internal static string? Ask(bool confirm) =>
        VaultKeyOptions.AskPassphrase(Variable, "passphrase for the player key in the backup: ", confirm ? "nothing was uploaded" : null);
}

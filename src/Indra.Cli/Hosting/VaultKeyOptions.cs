using System.CommandLine;
using System.Text;
using Indra.Engine.Vaults.Keys;

namespace Indra.Cli.Hosting;

/// <summary>
/// How a verb that opens a vault gets the key of an encrypted one (docs/encryption.md): <c>--key-file PATH</c> (else
/// <c>$INDRA_KEY_FILE</c>), else the passphrase in <c>$INDRA_PASSPHRASE</c>, else a prompt on the terminal without
/// echo. Nothing is asked for a vault that is not encrypted.
/// </summary>
internal sealed class VaultKeyOptions
{
    private readonly string _directory;

    private readonly string _passphraseVariable = VaultKeySource.PassphraseVariable;
    private readonly string _prompt = "passphrase";

    private VaultKeyOptions(string directory, string? keyFile, bool confirm)
    {
        _directory = directory;
        keyFile ??= NonEmpty(Environment.GetEnvironmentVariable(VaultKeySource.KeyFileVariable));
        Source = keyFile is not null ? VaultKeySource.FromKeyFile(keyFile) : VaultKeySource.FromPassphrase(() => Passphrase = Ask(confirm));
    }

    // The new wrapping of 'indra key change' (docs/encryption.md): --new-key-file, else $INDRA_NEW_PASSPHRASE, else asked twice.
    private VaultKeyOptions(string directory, string? newKeyFile)
    {
        _directory = directory;
        _passphraseVariable = NewPassphraseVariable;
        _prompt = "new passphrase";
        Source = newKeyFile is not null ? VaultKeySource.FromKeyFile(newKeyFile) : VaultKeySource.FromPassphrase(() => Passphrase = Ask(confirm: true));
    }

    /// <summary>Environment variable holding the new passphrase for <c>indra key change</c> (scripts and tests).</summary>
    internal const string NewPassphraseVariable = "INDRA_NEW_PASSPHRASE";

    /// <summary>The new key source of <c>indra key change</c> for the vault in <paramref name="directory"/>: <paramref name="newKeyFile"/>, else a new passphrase.</summary>
    internal static VaultKeyOptions ForChanging(string directory, string? newKeyFile) => new(directory, newKeyFile);

    /// <summary>The <c>--key-file</c> option.</summary>
    internal static Option<string?> KeyFile(string description = "Key file that unlocks an encrypted vault (default: $INDRA_KEY_FILE; else the passphrase in $INDRA_PASSPHRASE or typed at the prompt)") =>
        new("--key-file") { Description = description };

    /// <summary>The key source for opening the vault in <paramref name="directory"/> with the <c>--key-file</c> value <paramref name="keyFile"/>.</summary>
    internal static VaultKeyOptions ForOpening(string directory, string? keyFile) => new(directory, keyFile, confirm: false);

    /// <summary>The key source for a new encrypted vault in <paramref name="directory"/> (a typed passphrase is asked twice).</summary>
    internal static VaultKeyOptions ForCreating(string directory, string? keyFile) => new(directory, keyFile, confirm: true);

    /// <summary>The source given to the engine.</summary>
    internal VaultKeySource Source { get; }

    /// <summary>The passphrase once asked for (from the environment or the prompt), else null.</summary>
    internal string? Passphrase { get; private set; }

    private string? Ask(bool confirm) =>
        AskPassphrase(_passphraseVariable, $"{_prompt} for vault {_directory}: ", confirm ? "nothing was created" : null);

    /// <summary>
    /// A passphrase from the environment variable <paramref name="variable"/> when set and not empty, else typed at the
    /// terminal without echo (twice when <paramref name="mismatch"/> is given), else null (no terminal to ask at).
    /// </summary>
    /// <param name="variable">The environment variable read first.</param>
    /// <param name="prompt">The prompt on standard error.</param>
    /// <param name="mismatch">Ask twice; the end of the error's sentence when the two differ. Null: ask once.</param>
    /// <exception cref="CliException">The two typed passphrases differ.</exception>
    internal static string? AskPassphrase(string variable, string prompt, string? mismatch)
    {
        if (NonEmpty(Environment.GetEnvironmentVariable(variable)) is { } given) return given;
        if (Console.IsInputRedirected) return null;
        var first = ReadHidden(prompt);
        if (mismatch is null || string.IsNullOrEmpty(first)) return first;
        if (ReadHidden("the same passphrase again: ") != first) throw new CliException($"the two passphrases differ; {mismatch}");
        return first;
    }

    /// <summary>Reads a line from the terminal without echoing it (the prompt and the closing newline go to standard error).</summary>
    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
            }
            else if (key.KeyChar != '\0')
            {
                text.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

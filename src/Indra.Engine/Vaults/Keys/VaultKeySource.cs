namespace Indra.Engine.Vaults.Keys;

/// <summary>
/// Where the key that unwraps an encrypted vault's key comes from: a passphrase (asked for once, when an encrypted
/// vault is opened or created, then remembered by this object) or a key file. Both are read only when a vault is
/// encrypted; a plain vault never asks.
/// </summary>
public sealed class VaultKeySource
{
    /// <summary>The environment variable a script may put the passphrase in (readable by the same user and root through /proc/PID/environ).</summary>
    public const string PassphraseVariable = "INDRA_PASSPHRASE";

    /// <summary>The environment variable that may name a key file when no <c>--key-file</c> is given.</summary>
    public const string KeyFileVariable = "INDRA_KEY_FILE";

    private readonly Func<string?>? _ask;
    private string? _passphrase;

    private VaultKeySource(string? keyFile, Func<string?>? ask)
    {
        KeyFile = keyFile;
        _ask = ask;
    }

    /// <summary>The key file (full path), or null when the key comes from a passphrase.</summary>
    public string? KeyFile { get; }

    /// <summary>A key file: its bytes (at least 32, e.g. <c>head -c 32 /dev/urandom</c>) are the secret.</summary>
    /// <param name="path">The key file.</param>
    public static VaultKeySource FromKeyFile(string path) => new(Path.GetFullPath(path), null);

    /// <summary>A passphrase given by <paramref name="ask"/> (null when there is none), which is called at most once.</summary>
    /// <param name="ask">Asks for the passphrase (a terminal prompt, an environment variable, a test's constant).</param>
    public static VaultKeySource FromPassphrase(Func<string?> ask) => new(null, ask);

    /// <summary>
    /// The key named by the environment: the key file in <see cref="KeyFileVariable"/> when set, else the passphrase in
    /// <see cref="PassphraseVariable"/> (none when unset). What a vault opened without an explicit source uses.
    /// </summary>
    public static VaultKeySource FromEnvironment()
    {
        var keyFile = Environment.GetEnvironmentVariable(KeyFileVariable);
        return string.IsNullOrEmpty(keyFile) ? FromPassphrase(() => Environment.GetEnvironmentVariable(PassphraseVariable)) : FromKeyFile(keyFile);
    }

    /// <summary>The passphrase, asked for on first use.</summary>
    /// <exception cref="VaultException">None was given (the message says how to give one).</exception>
    internal string Passphrase()
    {
        _passphrase ??= _ask?.Invoke();
        if (string.IsNullOrEmpty(_passphrase))
            throw new VaultException($"no passphrase given: type it at the prompt, set {PassphraseVariable}, or give --key-file for a vault wrapped by a key file");
        return _passphrase;
    }
}

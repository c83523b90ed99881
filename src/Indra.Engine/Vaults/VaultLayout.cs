namespace Indra.Engine.Vaults;

/// <summary>The files of a vault directory.</summary>
public static class VaultLayout
{
    /// <summary>SQLite metadata (WAL mode).</summary>
    public const string MetadataFile = "vault.db";
    /// <summary>Content-addressed block files.</summary>
    public const string BlocksDirectory = "blocks";
    /// <summary>Per-inode write staging (spilled writes not yet committed).</summary>
    public const string StagingDirectory = "staging";
    /// <summary>The player's private key, owner-only.</summary>
    public const string IdentityFile = "identity.key";

    /// <summary>The default vault directory: <c>$INDRA_VAULT</c>, else <c>$XDG_DATA_HOME/indra/vault</c>, else <c>~/.local/share/indra/vault</c>.</summary>
    public static string DefaultDirectory()
    {
        var explicitDir = Environment.GetEnvironmentVariable("INDRA_VAULT");
        if (!string.IsNullOrEmpty(explicitDir)) return Path.GetFullPath(explicitDir);
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data)) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "indra", "vault");
    }

    /// <summary>True when <paramref name="directory"/> holds a vault.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, MetadataFile));
}

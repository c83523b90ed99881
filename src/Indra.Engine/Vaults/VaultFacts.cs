namespace Indra.Engine.Vaults;

/// <summary>Facts about a vault kept with its metadata, for status reports (<c>/.indra/player.json</c>).</summary>
public static class VaultFacts
{
    /// <summary>When the vault was created: UTC, ISO 8601 round-trip format ("O"); "" for a vault that did not record it.</summary>
    public static string Created(this Vault vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        return vault.Metadata.GetSetting("created") ?? "";
    }
}

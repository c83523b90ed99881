using Indra.Engine.Vaults;

namespace Indra.PowerShell.Connection;

/// <summary>Which vault a drive or cmdlet means when none is named.</summary>
internal static class VaultDirectory
{
    /// <summary>The vault directory <paramref name="given"/> names (made absolute against <paramref name="currentDirectory"/>),
    /// or the default vault (<c>$INDRA_VAULT</c>, else <c>~/.local/share/indra/vault</c>) when it is empty.</summary>
    internal static string Resolve(string? given, string currentDirectory) =>
        string.IsNullOrWhiteSpace(given) ? VaultLayout.DefaultDirectory() : Path.GetFullPath(given, currentDirectory);

    /// <summary>True when the directory holds a vault.</summary>
    internal static bool Exists(string directory) => VaultLayout.Exists(directory);
}

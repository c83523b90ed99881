namespace Indra.PowerShell.Provider;

/// <summary>Conversions between the provider's paths ("/notes/a.txt", either separator) and vault paths
/// ("notes/a.txt", '/'-separated, "" for the root).</summary>
internal static class VaultPaths
{
    /// <summary>The vault path of a provider path.</summary>
    internal static string FromProvider(string providerPath) =>
        string.Join('/', providerPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The provider path of a vault path: rooted at '/'.</summary>
    internal static string ToProvider(string vaultPath) => "/" + vaultPath.TrimStart('/');

    /// <summary>The vault path of <paramref name="name"/> inside the folder <paramref name="parent"/>.</summary>
    internal static string Child(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;

    /// <summary>The folder holding <paramref name="vaultPath"/> ("" for an item at the root).</summary>
    internal static string Parent(string vaultPath)
    {
        var slash = vaultPath.LastIndexOf('/');
        return slash < 0 ? "" : vaultPath[..slash];
    }

    /// <summary>The last segment of <paramref name="vaultPath"/>.</summary>
    internal static string Name(string vaultPath) => vaultPath[(vaultPath.LastIndexOf('/') + 1)..];
}

namespace Indra.PowerShell.Provider;

/// <summary>
/// Conversions between the provider's paths and vault paths ("notes/a.txt", '/'-separated, "" for the root). A provider
/// path names its drive: "v:/notes/a.txt" (either separator) is notes/a.txt of drive v. The drive's root is "v:/",
/// so a provider path read back as a PowerShell path (as Set-Content does with a new file's path) is the same item
/// again; a root of "/" would be the file system's root on Unix.
/// </summary>
internal static class VaultPaths
{
    /// <summary>The drive name a provider path starts with ("v" of "v:/notes"), or null.</summary>
    internal static string? DriveName(string providerPath)
    {
        var first = providerPath.Replace('\\', '/').Split('/', 2)[0];
        return first.Length > 1 && first.EndsWith(':') ? first[..^1] : null;
    }

    /// <summary>The vault path of a provider path.</summary>
    internal static string FromProvider(string providerPath)
    {
        var segments = providerPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (DriveName(providerPath) is not null) segments = segments[1..];
        return string.Join('/', segments);
    }

    /// <summary>The provider path of <paramref name="vaultPath"/> on drive <paramref name="drive"/>.</summary>
    internal static string ToProvider(string drive, string vaultPath) => drive + ":/" + vaultPath.TrimStart('/');

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

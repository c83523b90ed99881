namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Which projected paths users may change (DESIGN.md §3, §5): only items strictly inside <c>vault\</c>. The root, the
/// top-level folders themselves, and everything under <c>peers\</c>, <c>realms\</c> and <c>.indra\</c> are read-only;
/// pre-operation notifications that would change them are vetoed with ERROR_ACCESS_DENIED.
/// </summary>
internal static class WritableArea
{
    /// <summary>The top-level folder that holds the player's own tree.</summary>
    public const string VaultFolder = "vault";

    /// <summary>True when an item at <paramref name="projFsPath"/> may be created, changed, renamed or deleted.</summary>
    public static bool IsWritable(string projFsPath)
    {
        var parts = ProjFsPath.Split(projFsPath);
        return parts.Length >= 2 && parts[0].Equals(VaultFolder, StringComparison.OrdinalIgnoreCase);
    }
}

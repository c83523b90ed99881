namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Paths as ProjFS gives them (relative to the virtualization root, '\'-separated, "" = the root) and their vault
/// form ('/'-separated, as <see cref="FileSystem.IVaultFileSystem.GetPath"/> returns).
/// </summary>
internal static class ProjFsPath
{
    /// <summary>Removes leading and trailing separators and turns '/' into '\'.</summary>
    public static string Normalize(string? path) =>
        string.IsNullOrEmpty(path) ? string.Empty : path.Replace('/', '\\').Trim('\\');

    /// <summary>"vault\a\b.txt" → "vault/a/b.txt".</summary>
    public static string ToVault(string projFsPath) => Normalize(projFsPath).Replace('\\', '/');

    /// <summary>"vault/a/b.txt" → "vault\a\b.txt".</summary>
    public static string FromVault(string vaultPath) => Normalize(vaultPath);

    /// <summary>The components of a path (none for the root).</summary>
    public static string[] Split(string path) =>
        Normalize(path).Split('\\', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Joins a directory path and a name.</summary>
    public static string Combine(string directory, string name)
    {
        var dir = Normalize(directory);
        return dir.Length == 0 ? name : dir + "\\" + name;
    }

    /// <summary>The parent of a path ("" for top-level names and the root).</summary>
    public static string Parent(string path)
    {
        var normalized = Normalize(path);
        var cut = normalized.LastIndexOf('\\');
        return cut < 0 ? string.Empty : normalized[..cut];
    }

    /// <summary>The last component of a path ("" for the root).</summary>
    public static string Name(string path)
    {
        var normalized = Normalize(path);
        return normalized[(normalized.LastIndexOf('\\') + 1)..];
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="ancestor"/> or lies below it (case-insensitive).</summary>
    public static bool IsSameOrUnder(string path, string ancestor)
    {
        var p = Normalize(path);
        var a = Normalize(ancestor);
        if (a.Length == 0)
        {
            return true;
        }

        return p.Equals(a, StringComparison.OrdinalIgnoreCase)
            || (p.Length > a.Length && p[a.Length] == '\\' && p.StartsWith(a, StringComparison.OrdinalIgnoreCase));
    }
}

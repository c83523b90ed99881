namespace Indra.Sharing.State;

/// <summary>
/// Where sharing keeps its state inside a vault directory: <c>VAULT/sharing/</c> (0700) holding <c>sharing.db</c>
/// (peers, grants, realms, received entries; 0600), <c>blocks/</c> (verified blocks received from peers) and
/// <c>changes.jsonl</c> (the change feed of the peer and realm views).
/// </summary>
public static class SharingLayout
{
    /// <summary>The sharing folder of a vault.</summary>
    public static string Folder(string vaultDirectory) => Path.Combine(vaultDirectory, "sharing");

    /// <summary>The sharing database.</summary>
    public static string Database(string vaultDirectory) => Path.Combine(Folder(vaultDirectory), "sharing.db");

    /// <summary>Blocks received from peers.</summary>
    public static string Blocks(string vaultDirectory) => Path.Combine(Folder(vaultDirectory), "blocks");

    /// <summary>The change feed (JSON lines, 0600; rotated past 8 MiB to <c>changes.jsonl.1</c>).</summary>
    public static string ChangeFeed(string vaultDirectory) => Path.Combine(Folder(vaultDirectory), "changes.jsonl");

    /// <summary>Creates the sharing folder with owner-only permissions when missing.</summary>
    public static void EnsureFolder(string vaultDirectory)
    {
        var folder = Folder(vaultDirectory);
        if (Directory.Exists(folder)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

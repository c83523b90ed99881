namespace Indra.Sharing.State;

/// <summary>
/// Where sharing keeps its state inside a vault directory: <c>VAULT/sharing/</c> (0700) holding <c>sharing.db</c>
/// (peers, grants, realms, received entries; 0600), <c>blocks/PEER/</c> (verified blocks received from each peer, one
/// folder per peer named by its player id in lowercase hex) and <c>changes.jsonl</c> (the change feed of the peer and
/// realm views). Vaults made before blocks were kept per peer hold them in <c>blocks/ab/HASH</c> (one store for all
/// peers); the sharing service moves them to their peers' folders when it starts.
/// </summary>
public static class SharingLayout
{
    /// <summary>The sharing folder of a vault.</summary>
    public static string Folder(string vaultDirectory) => Path.Combine(vaultDirectory, "sharing");

    /// <summary>The sharing database.</summary>
    public static string Database(string vaultDirectory) => Path.Combine(Folder(vaultDirectory), "sharing.db");

    /// <summary>Blocks received from peers: one folder per peer (<see cref="PeerBlocks"/>).</summary>
    public static string Blocks(string vaultDirectory) => Path.Combine(Folder(vaultDirectory), "blocks");

    /// <summary>Blocks received from <paramref name="peer"/> (<c>blocks/PLAYERID/</c>, fanned out like the vault's own blocks).</summary>
    public static string PeerBlocks(string vaultDirectory, Indra.Engine.Domain.PlayerId peer) => Path.Combine(Blocks(vaultDirectory), peer.ToString());

    /// <summary>The change feed (JSON lines, 0600; rotated past 8 MiB to <c>changes.jsonl.1</c>).</summary>
    public static string ChangeFeed(string vaultDirectory) => Path.Combine(Folder(vaultDirectory), "changes.jsonl");

    /// <summary>Creates the sharing folder with owner-only permissions when missing.</summary>
    public static void EnsureFolder(string vaultDirectory) => CreateOwnerOnly(Folder(vaultDirectory));

    /// <summary>Creates the received-blocks folder (<see cref="Blocks"/>) with owner-only permissions (0700) when missing.</summary>
    public static void EnsureBlocksFolder(string vaultDirectory) => CreateOwnerOnly(Blocks(vaultDirectory));

    /// <summary>The mode of every file sharing creates in the vault: 0600, read and write for the owner only.</summary>
    internal const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The mode of every folder sharing creates in the vault: 0700.</summary>
    internal const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="folder"/> 0700 whatever the umask (as it is on Windows) unless it exists.</summary>
    private static void CreateOwnerOnly(string folder)
    {
        if (Directory.Exists(folder)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, OwnerOnlyFolder);
    }
}

namespace Indra.FileSystem;

/// <summary>Inode numbers fixed by the design (DESIGN.md §3); 6 and up are allocated to vault nodes.</summary>
public static class ReservedInodes
{
    /// <summary>The mount root (FUSE_ROOT_ID).</summary>
    public const ulong Root = 1;
    /// <summary>/vault: the player's root tree.</summary>
    public const ulong Vault = 2;
    /// <summary>/peers: read-only peer views.</summary>
    public const ulong Peers = 3;
    /// <summary>/realms: read-only realm views.</summary>
    public const ulong Realms = 4;
    /// <summary>/.indra: generated metadata files.</summary>
    public const ulong Meta = 5;
    /// <summary>The first inode number a vault node can get.</summary>
    public const ulong FirstVaultNode = 6;
    /// <summary>Inodes at or above this value are virtual (generated files, peer views); they are never stored.</summary>
    public const ulong FirstVirtual = 1UL << 62;
}

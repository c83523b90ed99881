using Indra.Engine.Vaults;

namespace Indra.FileSystem.Nodes;

/// <summary>statfs(2) figures: space from the disk holding the vault, in 4 KiB blocks; nodes from the store.</summary>
internal static class SpaceFigures
{
    private const ulong BlockSize = 4096;

    /// <summary>Inodes reported free: the store has no fixed table, so a large constant stands for "plenty".</summary>
    private const ulong FreeInodes = 1UL << 32;

    public static FileSystemStatistics Of(Vault vault)
    {
        var (leaves, trees) = vault.Tree.CountNodes();
        var nodes = (ulong)(leaves + trees);
        var drive = new DriveInfo(vault.Directory ?? Path.GetTempPath());
        var total = (ulong)drive.TotalSize / BlockSize;
        var free = (ulong)drive.TotalFreeSpace / BlockSize;
        var available = (ulong)drive.AvailableFreeSpace / BlockSize;
        return new FileSystemStatistics(BlockSize, total, free, available, nodes + FreeInodes, FreeInodes, Names.MaxBytes);
    }
}

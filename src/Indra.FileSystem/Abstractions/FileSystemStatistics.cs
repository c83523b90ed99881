namespace Indra.FileSystem;

/// <summary>What <c>statfs(2)</c> reports for the mount.</summary>
/// <param name="BlockSize">Fundamental block size in bytes.</param>
/// <param name="TotalBlocks">Size of the backing file system in blocks.</param>
/// <param name="FreeBlocks">Free blocks.</param>
/// <param name="AvailableBlocks">Blocks available to unprivileged users.</param>
/// <param name="TotalFiles">Number of nodes (files, directories and links) plus free inode slots.</param>
/// <param name="FreeFiles">Free inode slots.</param>
/// <param name="MaxNameLength">Longest name in bytes (255).</param>
public readonly record struct FileSystemStatistics(
    ulong BlockSize, ulong TotalBlocks, ulong FreeBlocks, ulong AvailableBlocks,
    ulong TotalFiles, ulong FreeFiles, ulong MaxNameLength);

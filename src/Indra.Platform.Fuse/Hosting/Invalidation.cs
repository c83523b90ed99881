namespace Indra.Platform.Fuse.Hosting;

/// <summary>One queued kernel cache invalidation.</summary>
/// <param name="Inode">The inode (<see cref="Name"/> null) or the parent directory (<see cref="Name"/> set).</param>
/// <param name="Name">The entry name in <see cref="Inode"/>, or null to invalidate the inode itself.</param>
internal readonly record struct Invalidation(ulong Inode, string? Name);

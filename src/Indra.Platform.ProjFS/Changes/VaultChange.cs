namespace Indra.Platform.ProjFS.Changes;

/// <summary>A change signalled by the vault filesystem (<see cref="FileSystem.IInvalidationSink"/>), or a path to re-check.</summary>
/// <param name="Inode">The changed inode, or the parent directory of <paramref name="Name"/>.</param>
/// <param name="Name">For an entry change the name in <paramref name="Inode"/>; null for an inode change.</param>
/// <param name="Path">A ProjFS path to re-check directly (mount-time sweep); then the other fields are unused.</param>
/// <param name="Attempt">How many times applying it failed already (0 for a new change).</param>
internal readonly record struct VaultChange(ulong Inode, string? Name, string? Path = null, int Attempt = 0);

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>What is on disk under the virtualization root at one path.</summary>
/// <param name="Path">The ProjFS path with the on-disk casing (the requested path when missing).</param>
/// <param name="FullPath">The absolute path on disk (empty when missing).</param>
/// <param name="Exists">True when an item is there (tombstones count as missing).</param>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="IsFull">True when disk is the truth for it: a full file or directory, or an item ProjFS does not track.</param>
internal readonly record struct LocalItem(string Path, string FullPath, bool Exists, bool IsDirectory, bool IsFull);

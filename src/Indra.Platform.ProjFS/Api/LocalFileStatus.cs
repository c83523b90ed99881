namespace Indra.Platform.ProjFS.Api;

/// <summary>What <see cref="ILocalFiles.Stat"/> reports about an item.</summary>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="Size">The file's size in bytes (0 for a directory).</param>
/// <param name="LastWriteUtc">The last write time, UTC.</param>
public readonly record struct LocalFileStatus(bool IsDirectory, long Size, DateTime LastWriteUtc);

namespace Indra.Platform.ProjFS.Changes;

/// <summary>What the <see cref="PlaceholderIndex"/> knows about one local path.</summary>
/// <param name="IsDirectory">A directory known to be on disk.</param>
/// <param name="IsFull">A full file whose size and last write time were recorded; for a directory: a folder created
/// locally and written back that is not yet marked as a placeholder.</param>
/// <param name="BaseId">The artifact id (lowercase hex) of the vault version the local content started from, or null
/// when unknown (generated files, placeholders recorded before base versions existed).</param>
/// <param name="Size">For a full file: its size in bytes when the base was recorded.</param>
/// <param name="LastWriteUtc">For a full file: its last write time (UTC) when the base was recorded.</param>
internal sealed record LocalRecord(bool IsDirectory, bool IsFull, string? BaseId, long Size, DateTime LastWriteUtc)
{
    /// <summary>A folder marked as a placeholder.</summary>
    public static LocalRecord Directory { get; } = new(true, false, null, 0, default);

    /// <summary>A folder created locally, in the vault now, not marked as a placeholder (still renamable).</summary>
    public static LocalRecord LocalFolder { get; } = new(true, true, null, 0, default);

    /// <summary>A placeholder file of version <paramref name="baseId"/>.</summary>
    public static LocalRecord Placeholder(string? baseId) => new(false, false, baseId, 0, default);

    /// <summary>A full file of version <paramref name="baseId"/> with the given size and write time.</summary>
    public static LocalRecord Full(string? baseId, long size, DateTime lastWriteUtc) => new(false, true, baseId, size, lastWriteUtc);

    /// <summary>True when a stat of the local file still shows what was recorded (so its content is the base).</summary>
    public bool Unchanged(Api.LocalFileStatus status) =>
        IsFull && !status.IsDirectory && status.Size == Size && status.LastWriteUtc == LastWriteUtc;
}

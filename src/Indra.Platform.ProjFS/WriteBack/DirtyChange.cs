namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>One local change that the vault must follow.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Path">The item's ProjFS path (for renames the source; "" when it came from outside the root).</param>
/// <param name="Destination">For renames and hard links the new path, else null.</param>
/// <param name="IsDirectory">True when the item is a directory.</param>
internal sealed record DirtyChange(DirtyChangeKind Kind, string Path, string? Destination = null, bool IsDirectory = false)
{
    /// <summary>
    /// True when the change concerns <paramref name="path"/>: its source or destination is that path, lies below it,
    /// or is one of its ancestors (a directory created, renamed or deleted locally).
    /// </summary>
    public bool Touches(string path) => Related(Path, path) || (Destination is not null && Related(Destination, path));

    private static bool Related(string changed, string path) =>
        changed.Length > 0 && (Provider.ProjFsPath.IsSameOrUnder(changed, path) || Provider.ProjFsPath.IsSameOrUnder(path, changed));
}

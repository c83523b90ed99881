namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>One local change that the vault must follow.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Path">The item's ProjFS path (for renames the source; "" when it came from outside the root).</param>
/// <param name="Destination">For renames and hard links the new path, else null.</param>
/// <param name="IsDirectory">True when the item is a directory.</param>
internal sealed record DirtyChange(DirtyChangeKind Kind, string Path, string? Destination = null, bool IsDirectory = false)
{
    /// <summary>True when the change touches <paramref name="path"/> as its source or destination, or lies below it.</summary>
    public bool Touches(string path) =>
        Provider.ProjFsPath.IsSameOrUnder(Path, path)
        || (Destination is not null && Provider.ProjFsPath.IsSameOrUnder(Destination, path));
}

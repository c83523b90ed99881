namespace Indra.FileSystem.Virtual;

/// <summary>The error a change to a node outside /vault gets (DESIGN.md §3).</summary>
internal static class ReadOnlyViews
{
    /// <summary>True when <paramref name="inode"/> is a generated or shared node (the root, /peers, /realms, /.indra and below).</summary>
    public static bool Contains(ulong inode) => VirtualTree.IsVirtual(inode) || SharedNodeTable.InRange(inode);

    /// <summary>EROFS in /.indra, EACCES in the root and the shared views.</summary>
    public static Errno ErrorFor(ulong inode) =>
        inode == ReservedInodes.Meta || (VirtualTree.Get(inode) is { } node && node.Parent == ReservedInodes.Meta) ? Errno.EROFS : Errno.EACCES;
}

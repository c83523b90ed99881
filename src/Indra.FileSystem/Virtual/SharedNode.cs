namespace Indra.FileSystem.Virtual;

/// <summary>A node of a shared view: /peers/NAME/PATH or /realms/NAME/PATH ("" = the view's top).</summary>
/// <param name="Inode">Its inode number (allocated on first sight, kept while the kernel holds it and a while after; never reused).</param>
/// <param name="Scope">Peer or realm view.</param>
/// <param name="Name">The peer or realm.</param>
/// <param name="Path">'/'-separated path inside the view.</param>
internal sealed record SharedNode(ulong Inode, ShareScope Scope, string Name, string Path)
{
    /// <summary>The inode of the /peers or /realms folder this view hangs from.</summary>
    public ulong ViewRoot => Scope == ShareScope.Peer ? ReservedInodes.Peers : ReservedInodes.Realms;

    /// <summary>Path of a child named <paramref name="child"/>.</summary>
    public string Child(string child) => Path.Length == 0 ? child : Path + "/" + child;

    /// <summary>The mount-relative path ("peers/zephyr/doc.md").</summary>
    public string MountPath => (Scope == ShareScope.Peer ? "peers/" : "realms/") + Name + (Path.Length == 0 ? "" : "/" + Path);
}

using Indra.FileSystem;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>A vault node found from a ProjFS path.</summary>
/// <param name="Inode">The node's inode number.</param>
/// <param name="Parent">The parent directory's inode (the root for the root itself).</param>
/// <param name="Attributes">The node's attributes.</param>
/// <param name="Path">The ProjFS path with the vault's casing of every component.</param>
internal readonly record struct ResolvedNode(ulong Inode, ulong Parent, NodeAttributes Attributes, string Path)
{
    /// <summary>The last component with the vault's casing.</summary>
    public string Name => ProjFsPath.Name(Path);
}

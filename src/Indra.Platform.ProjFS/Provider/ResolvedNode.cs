using Indra.FileSystem;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>A vault node found from a ProjFS path.</summary>
/// <param name="Inode">The node's inode number.</param>
/// <param name="Parent">The parent directory's inode (the root for the root itself).</param>
/// <param name="Attributes">The node's attributes.</param>
/// <param name="Path">The ProjFS path: every component's local name (<see cref="WindowsNames.ToLocal"/>) with the
/// vault's casing.</param>
/// <param name="Name">The last component as the vault spells it (the vault's casing, not encoded; "" for the root):
/// the name to pass to vault calls such as Unlink or Rename.</param>
internal readonly record struct ResolvedNode(ulong Inode, ulong Parent, NodeAttributes Attributes, string Path, string Name);

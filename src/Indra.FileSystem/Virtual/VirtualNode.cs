namespace Indra.FileSystem.Virtual;

/// <summary>A node that is not stored in the vault: the mount root, the /peers, /realms and /.indra folders and the generated files.</summary>
/// <param name="Inode">Its reserved inode number.</param>
/// <param name="Parent">Its parent's inode number.</param>
/// <param name="Name">Its name in the parent.</param>
/// <param name="IsDirectory">Folder or generated file.</param>
internal sealed record VirtualNode(ulong Inode, ulong Parent, string Name, bool IsDirectory);

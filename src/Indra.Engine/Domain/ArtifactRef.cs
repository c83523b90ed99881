namespace Indra.Engine.Domain;

/// <summary>
/// One entry of a tree artifact (DESIGN §2): a label naming a target. The target is a vault node: its artifact id
/// changes on every save while its inode number stays, so a reference names the node (<paramref name="Node"/>) and
/// <see cref="TreeEntry"/> pairs it with the node's current state (and its <see cref="VaultNode.ArtifactId"/>).
/// </summary>
/// <param name="Tree">The inode of the tree holding the reference.</param>
/// <param name="Label">The entry's name (a file name: no '/', not "." or "..").</param>
/// <param name="Position">Listing order within the tree: unique per tree, increasing, never reused.</param>
/// <param name="Node">The inode of the target node.</param>
public readonly record struct ArtifactRef(long Tree, string Label, long Position, long Node);

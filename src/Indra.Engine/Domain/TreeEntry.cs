namespace Indra.Engine.Domain;

/// <summary>A reference of a tree together with the node it names, as a listing or a lookup returns them.</summary>
/// <param name="Reference">The reference (label, position).</param>
/// <param name="Node">The target node's state when read.</param>
public sealed record TreeEntry(ArtifactRef Reference, VaultNode Node)
{
    /// <summary>The entry's name in its tree.</summary>
    public string Label => Reference.Label;

    /// <summary>The target's artifact id.</summary>
    public ArtifactId Target => Node.ArtifactId;
}

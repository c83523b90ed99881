namespace Indra.Engine.Domain;

/// <summary>
/// Infers LeafType from a file name's extension and TreeType from a directory's place in the vault, as the
/// indras-fuse design's tables say (normative): special names stories/, gallery/, inbox/, documents/; an explicit
/// <c>user.indra.tree_type</c> attribute overrides the inference; otherwise Collection.
/// </summary>
public static class TypeInference
{
    private static readonly Dictionary<string, LeafType> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = LeafType.Image,
        [".jpeg"] = LeafType.Image,
        [".png"] = LeafType.Image,
        [".gif"] = LeafType.Image,
        [".webp"] = LeafType.Image,
        [".svg"] = LeafType.Image,
        [".token"] = LeafType.Token,
        [".attestation"] = LeafType.Attestation,
    };

    /// <summary>The LeafType of a regular file named <paramref name="name"/>.</summary>
    public static LeafType LeafTypeOf(string name) =>
        Extensions.TryGetValue(Path.GetExtension(name), out var type) ? type : LeafType.File;

    /// <summary>
    /// The TreeType of a directory named <paramref name="name"/> created in a tree whose own name is
    /// <paramref name="parentName"/> and whose type is <paramref name="parentType"/>.
    /// </summary>
    /// <param name="name">The new directory's name.</param>
    /// <param name="parentName">The parent directory's name ("" for /vault).</param>
    /// <param name="parentType">The parent's TreeType.</param>
    public static TreeType TreeTypeOf(string name, string parentName, TreeType parentType)
    {
        if (parentType == TreeType.Vault)
        {
            if (name.Equals("gallery", StringComparison.OrdinalIgnoreCase)) return TreeType.Gallery;
            if (name.Equals("inbox", StringComparison.OrdinalIgnoreCase)) return TreeType.Inbox;
            return TreeType.Collection;
        }
        if (parentName.Equals("stories", StringComparison.OrdinalIgnoreCase) && parentType == TreeType.Collection) return TreeType.Story;
        if (parentName.Equals("documents", StringComparison.OrdinalIgnoreCase) && parentType == TreeType.Collection) return TreeType.Document;
        return TreeType.Collection;
    }
}

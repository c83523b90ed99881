namespace Indra.Engine.Domain;

/// <summary>What kind of tree artifact a directory is (the indras-fuse design's TreeType table).</summary>
public enum TreeType
{
    /// <summary>The player's root tree, /vault (exactly one).</summary>
    Vault,
    /// <summary>A general, unordered container (the default for user-created directories).</summary>
    Collection,
    /// <summary>Ordered, append-mostly: directories under vault/stories/.</summary>
    Story,
    /// <summary>Image-focused container: vault/gallery.</summary>
    Gallery,
    /// <summary>Incoming connection requests: vault/inbox.</summary>
    Inbox,
    /// <summary>A structured document tree: directories under vault/documents/.</summary>
    Document,
}

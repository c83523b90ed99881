namespace Indra.FileSystem;

/// <summary>The kind of a node, which fixes the type bits of its <c>st_mode</c>.</summary>
public enum NodeKind
{
    /// <summary>A regular file: a leaf artifact (S_IFREG).</summary>
    File,
    /// <summary>A directory: a tree artifact (S_IFDIR).</summary>
    Directory,
    /// <summary>A symbolic link: a leaf artifact of type Custom("symlink") whose bytes are the target (S_IFLNK).</summary>
    Symlink,
}

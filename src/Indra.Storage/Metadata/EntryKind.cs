namespace Indra.Storage.Metadata;

/// <summary>What a stored node is (column <c>nodes.kind</c>).</summary>
public enum EntryKind
{
    /// <summary>A regular file (leaf artifact).</summary>
    File = 0,
    /// <summary>A directory (tree artifact).</summary>
    Directory = 1,
    /// <summary>A symbolic link (leaf artifact of type Custom("symlink")).</summary>
    Symlink = 2,
}

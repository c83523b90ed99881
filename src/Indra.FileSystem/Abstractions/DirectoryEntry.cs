namespace Indra.FileSystem;

/// <summary>One entry produced by <see cref="IVaultFileSystem.ReadDirectory"/>.</summary>
/// <param name="Name">The entry's name (a reference's label); "." and ".." are included first.</param>
/// <param name="Attributes">The entry's attributes (inode number and mode are always valid).</param>
/// <param name="NextCookie">Non-zero cookie that resumes the listing just after this entry (FUSE readdir <c>off</c>).</param>
public readonly record struct DirectoryEntry(string Name, NodeAttributes Attributes, long NextCookie);

/// <summary>
/// Receives directory entries. Returns false when the entry does not fit (the caller's buffer is full); the entry
/// is then not consumed and the listing stops.
/// </summary>
/// <param name="entry">The entry.</param>
/// <returns>True when the entry was accepted.</returns>
public delegate bool DirectoryEntrySink(in DirectoryEntry entry);

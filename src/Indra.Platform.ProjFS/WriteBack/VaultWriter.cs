using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// The write-back's vault operations, by ProjFS path, through <see cref="IVaultFileSystem"/> only: the version a path
/// holds now is read from <c>user.indra.id</c> (<see cref="CurrentId"/>) right before a write; a modified file is
/// Lookup → Open(O_WRONLY|O_TRUNC) (or Create for a new one) → Write in chunks from its staged copy → Flush → Release
/// (the vault commits the new leaf at Flush/Release, and is opened only once the whole local content is staged, so a
/// local read error never commits a prefix); a concurrent edit becomes a conflict copy beside the file
/// (<see cref="WriteConflictCopy"/>) with its lineage in <c>user.conflict.*</c> attributes; directories are made
/// with MakeDirectory, deletions are Unlink/RemoveDirectory, renames Rename, hard links Link. Existing names are
/// matched case-insensitively; new names keep the local casing. Lookup references taken by Create, MakeDirectory and
/// Link are dropped again right away.
/// </summary>
internal sealed class VaultWriter
{
    /// <summary>Permission bits of files the write-back creates (0644).</summary>
    public const uint FileMode = 0x1A4;

    /// <summary>Permission bits of directories the write-back creates (0755).</summary>
    public const uint DirectoryMode = 0x1ED;

    private readonly IVaultFileSystem _fileSystem;
    private readonly VaultNodeResolver _resolver;
    private readonly PlaceholderFactory _placeholders;
    private readonly int _chunkSize;

    /// <summary>Creates the writer.</summary>
    public VaultWriter(IVaultFileSystem fileSystem, VaultNodeResolver resolver, PlaceholderFactory placeholders, int chunkSize)
    {
        _fileSystem = fileSystem;
        _resolver = resolver;
        _placeholders = placeholders;
        _chunkSize = chunkSize;
    }

    /// <summary>True when the vault has an item at <paramref name="path"/>.</summary>
    public bool Exists(string path, out ResolvedNode node) => _resolver.Resolve(path, out node) == Errno.None;

    /// <summary>The placeholder version (content id) of a vault node.</summary>
    public Api.PlaceholderVersion VersionOf(in ResolvedNode node) => _placeholders.Version(node.Attributes);

    /// <summary>Makes sure directory <paramref name="path"/> exists, creating missing components.</summary>
    /// <returns>ENOTDIR (a component is a file), EACCES/EROFS outside vault\, or another vault error.</returns>
    public Errno EnsureDirectory(string path, out ulong inode)
    {
        inode = ReservedInodes.Root;
        foreach (var component in ProjFsPath.Split(path))
        {
            var errno = _resolver.FindChild(inode, component, out _, out var attributes);
            if (errno == Errno.ENOENT)
            {
                errno = _fileSystem.MakeDirectory(inode, component, DirectoryMode, CallerContext.Self, out attributes);
                if (errno == Errno.None)
                {
                    _fileSystem.Forget(attributes.Inode, 1);
                }
                else if (errno == Errno.EEXIST)
                {
                    errno = _resolver.FindChild(inode, component, out _, out attributes);
                }
            }

            if (errno != Errno.None)
            {
                return errno;
            }

            if (attributes.Kind != NodeKind.Directory)
            {
                return Errno.ENOTDIR;
            }

            inode = attributes.Inode;
        }

        return Errno.None;
    }

    /// <summary>Attribute of a conflict copy: the ProjFS path of the file it conflicted with.</summary>
    public const string ConflictOfAttribute = "user.conflict.of";

    /// <summary>Attribute of a conflict copy: the artifact id (hex) the local edit started from ("" when unknown).</summary>
    public const string ConflictBaseAttribute = "user.conflict.base";

    /// <summary>Attribute of a conflict copy: the artifact id (hex) the vault held at the path instead.</summary>
    public const string ConflictVaultAttribute = "user.conflict.vault";

    /// <summary>The version <paramref name="path"/> holds in the vault now.</summary>
    /// <param name="path">The ProjFS path.</param>
    /// <param name="node">The resolved node.</param>
    /// <param name="artifactIdHex">Its artifact id (lowercase hex), or null when it has none.</param>
    /// <returns>ENOENT when nothing is there; another vault error.</returns>
    public Errno CurrentId(string path, out ResolvedNode node, out string? artifactIdHex)
    {
        artifactIdHex = null;
        var errno = _resolver.Resolve(path, out node);
        if (errno == Errno.None && _placeholders.TryReadArtifactId(node.Inode, out var id))
        {
            artifactIdHex = Convert.ToHexStringLower(id);
        }

        return errno;
    }

    /// <summary>Copies the content of vault file <paramref name="inode"/> into <paramref name="destination"/>.</summary>
    /// <returns>False when the vault could not be read (nothing useful was written).</returns>
    public bool ReadInto(ulong inode, Stream destination)
    {
        if (_fileSystem.Open(inode, OpenFlags.ReadOnly, CallerContext.Self, out var open) != Errno.None)
        {
            return false;
        }

        try
        {
            var buffer = new byte[_chunkSize];
            long offset = 0;
            while (true)
            {
                if (_fileSystem.Read(inode, open.Handle, offset, buffer, out var read) != Errno.None)
                {
                    return false;
                }

                if (read == 0)
                {
                    return true;
                }

                destination.Write(buffer, 0, read);
                offset += read;
            }
        }
        finally
        {
            _fileSystem.Release(inode, open.Handle);
        }
    }

    /// <summary>
    /// Writes a local edit that conflicts with the vault's version of <paramref name="path"/> as a new file beside
    /// it, <c>name (conflict N).ext</c> with the first free N, recording <see cref="ConflictOfAttribute"/>,
    /// <see cref="ConflictBaseAttribute"/> and <see cref="ConflictVaultAttribute"/> on it.
    /// </summary>
    /// <param name="path">The ProjFS path of the conflicted file.</param>
    /// <param name="staged">The local edit.</param>
    /// <param name="baseId">The version the edit started from (null when unknown).</param>
    /// <param name="vaultId">The version the vault holds at <paramref name="path"/>.</param>
    /// <param name="copyPath">The conflict copy's ProjFS path.</param>
    /// <returns>A vault error (as <see cref="WriteFile"/>).</returns>
    /// <exception cref="IOException">Reading the staged copy failed.</exception>
    public Errno WriteConflictCopy(string path, StagedFile staged, string? baseId, string? vaultId, out string copyPath)
    {
        var parent = ProjFsPath.Parent(path);
        var name = ProjFsPath.Name(path);
        var extension = System.IO.Path.GetExtension(name);
        var stem = name[..^extension.Length];
        for (var n = 1; ; n++)
        {
            copyPath = ProjFsPath.Combine(parent, $"{stem} (conflict {n}){extension}");
            if (!Exists(copyPath, out _))
            {
                break;
            }
        }

        var errno = WriteFile(copyPath, staged, out _);
        if (errno != Errno.None || _resolver.Resolve(copyPath, out var copy) != Errno.None)
        {
            return errno == Errno.None ? Errno.EIO : errno;
        }

        foreach (var (attribute, value) in new[] { (ConflictOfAttribute, path), (ConflictBaseAttribute, baseId ?? ""), (ConflictVaultAttribute, vaultId ?? "") })
        {
            errno = _fileSystem.SetExtendedAttribute(copy.Inode, attribute, System.Text.Encoding.UTF8.GetBytes(value), XattrFlags.None);
            if (errno != Errno.None)
            {
                return errno;
            }
        }

        return Errno.None;
    }

    /// <summary>Replaces (or creates) file <paramref name="path"/> with the staged bytes.</summary>
    /// <param name="path">The ProjFS path.</param>
    /// <param name="staged">The local file's staged copy.</param>
    /// <param name="artifactIdHex">The file's artifact id afterwards (lowercase hex), or null when unreadable.</param>
    /// <returns>EISDIR, EACCES/EROFS outside vault\, ENOSPC, EIO, or another vault error.</returns>
    /// <exception cref="IOException">Reading the staged copy failed.</exception>
    public Errno WriteFile(string path, StagedFile staged, out string? artifactIdHex)
    {
        artifactIdHex = null;
        using var content = staged.OpenRead(); // before the vault is touched
        var errno = EnsureDirectory(ProjFsPath.Parent(path), out var parent);
        if (errno != Errno.None)
        {
            return errno;
        }

        ulong inode;
        OpenResult open;
        errno = _resolver.FindChild(parent, ProjFsPath.Name(path), out _, out var attributes);
        if (errno == Errno.None)
        {
            if (attributes.Kind == NodeKind.Directory)
            {
                return Errno.EISDIR;
            }

            inode = attributes.Inode;
            errno = _fileSystem.Open(inode, OpenFlags.WriteOnly | OpenFlags.Truncate, CallerContext.Self, out open);
        }
        else if (errno == Errno.ENOENT)
        {
            errno = _fileSystem.Create(parent, ProjFsPath.Name(path), FileMode,
                OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive, CallerContext.Self, out attributes, out open);
            inode = attributes.Inode;
            if (errno == Errno.None)
            {
                _fileSystem.Forget(inode, 1);
            }
        }
        else
        {
            return errno;
        }

        if (errno != Errno.None)
        {
            return errno;
        }

        try
        {
            errno = CopyInto(inode, open.Handle, content);
        }
        catch (IOException)
        {
            // Only the staged copy in the state directory can fail here. IVaultFileSystem cannot abandon staged
            // bytes: what was copied is committed and the retry rewrites it.
            _fileSystem.Release(inode, open.Handle);
            throw;
        }

        var flushed = errno == Errno.None ? _fileSystem.Flush(inode, open.Handle) : errno;
        var released = _fileSystem.Release(inode, open.Handle);
        errno = flushed != Errno.None ? flushed : released;
        if (errno == Errno.None && _placeholders.TryReadArtifactId(inode, out var id))
        {
            artifactIdHex = Convert.ToHexStringLower(id);
        }

        return errno;
    }

    /// <summary>Removes <paramref name="path"/> (a file or an empty directory, whichever it is in the vault).</summary>
    /// <returns>ENOENT (already gone), ENOTEMPTY, EACCES/EROFS outside vault\, or another vault error.</returns>
    public Errno Remove(string path)
    {
        var errno = _resolver.Resolve(path, out var node);
        if (errno != Errno.None)
        {
            return errno;
        }

        return node.Attributes.Kind == NodeKind.Directory
            ? _fileSystem.RemoveDirectory(node.Parent, node.Name)
            : _fileSystem.Unlink(node.Parent, node.Name);
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>, replacing a compatible destination.</summary>
    /// <returns>ENOENT (source gone), EEXIST, ENOTEMPTY, EISDIR, ENOTDIR, EXDEV, EACCES/EROFS, or another vault error.</returns>
    public Errno Rename(string from, string to)
    {
        var errno = _resolver.Resolve(from, out var source);
        if (errno != Errno.None)
        {
            return errno;
        }

        errno = EnsureDirectory(ProjFsPath.Parent(to), out var newParent);
        return errno != Errno.None
            ? errno
            : _fileSystem.Rename(source.Parent, source.Name, newParent, ProjFsPath.Name(to), RenameFlags.None);
    }

    /// <summary>Adds hard link <paramref name="newPath"/> to the file at <paramref name="existing"/>.</summary>
    /// <returns>ENOENT, EEXIST, EPERM, EXDEV, EACCES/EROFS, or another vault error.</returns>
    public Errno Link(string existing, string newPath)
    {
        var errno = _resolver.Resolve(existing, out var source);
        if (errno != Errno.None)
        {
            return errno;
        }

        errno = EnsureDirectory(ProjFsPath.Parent(newPath), out var newParent);
        if (errno != Errno.None)
        {
            return errno;
        }

        errno = _fileSystem.Link(source.Inode, newParent, ProjFsPath.Name(newPath), out var attributes);
        if (errno == Errno.None)
        {
            _fileSystem.Forget(attributes.Inode, 1);
        }

        return errno;
    }

    private Errno CopyInto(ulong inode, ulong handle, Stream content)
    {
        var buffer = new byte[_chunkSize];
        long offset = 0;
        int read;
        while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            while (!chunk.IsEmpty)
            {
                var errno = _fileSystem.Write(inode, handle, offset, chunk, out var written);
                if (errno != Errno.None)
                {
                    return errno;
                }

                if (written <= 0)
                {
                    return Errno.EIO;
                }

                offset += written;
                chunk = chunk[written..];
            }
        }

        return Errno.None;
    }
}

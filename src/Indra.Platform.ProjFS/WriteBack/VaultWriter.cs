using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// The write-back's vault operations, by ProjFS path, through <see cref="IVaultFileSystem"/> only: a modified file is
/// Lookup → Open(O_WRONLY|O_TRUNC) (or Create for a new one) → Write in chunks → Flush → Release; directories are made
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

    /// <summary>Replaces (or creates) file <paramref name="path"/> with the bytes of <paramref name="content"/>.</summary>
    /// <param name="path">The ProjFS path.</param>
    /// <param name="content">The local file, read from its start.</param>
    /// <param name="artifactIdHex">The file's artifact id afterwards (lowercase hex), or null when unreadable.</param>
    /// <returns>EISDIR, EACCES/EROFS outside vault\, ENOSPC, EIO, or another vault error.</returns>
    /// <exception cref="IOException">Reading the local file failed.</exception>
    public Errno WriteFile(string path, Stream content, out string? artifactIdHex)
    {
        artifactIdHex = null;
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
            // IVaultFileSystem cannot abandon staged bytes: what was copied is committed and the retry rewrites it.
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

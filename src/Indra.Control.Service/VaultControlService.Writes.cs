using Indra.Control.Model;
using Indra.Control.Service.Items;
using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Control.Service;

public sealed partial class VaultControlService
{
    /// <inheritdoc/>
    public async Task<VaultItem> WriteAsync(string path, Stream content, WriteMode mode, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var file = Writable(path, "write");
        using var scope = new LookupScope(_fs);
        var parent = Folder(scope, file.Parent, file, "write");
        var existing = scope.Find(parent, file.Name, file);
        ulong inode;
        OpenResult open;
        long offset = 0;
        if (existing is { } found)
        {
            if (found.Kind == NodeKind.Directory) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"cannot write /{file.Text}: it is a folder");
            inode = found.Inode;
            var flags = OpenFlags.WriteOnly | (mode == WriteMode.Append ? OpenFlags.Append : OpenFlags.Truncate);
            ErrnoKinds.Check(_fs.Open(inode, flags, Caller, out open), file, "write");
            if (mode == WriteMode.Append) offset = found.Size;
        }
        else
        {
            ErrnoKinds.Check(_fs.Create(parent, file.Name, 0x1A4, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive, Caller, out var created, out open), file, "create");
            scope.Took(created.Inode);
            inode = created.Inode;
        }
        try
        {
            var buffer = new byte[ChunkBytes];
            long total = 0;
            while (true)
            {
                var read = await content.ReadAsync(buffer, cancellation).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
                if (total > ControlLimits.MaxWriteBytes) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"a write carries at most {ControlLimits.MaxWriteBytes} bytes");
                var written = 0;
                while (written < read)
                {
                    ErrnoKinds.Check(_fs.Write(inode, open.Handle, offset, buffer.AsSpan(written, read - written), out var count), file, "write");
                    written += count;
                    offset += count;
                }
            }
        }
        finally
        {
            // The last release commits what was staged, as close(2) on the mount does.
            _fs.Release(inode, open.Handle);
        }
        Announce(parent, file.Name, inode);
        ErrnoKinds.Check(_fs.GetAttributes(inode, out var attributes), file, "read");
        return ItemReader.Read(_fs, file, inode, attributes);
    }

    /// <inheritdoc/>
    public Task<VaultItem> MakeDirectoryAsync(string path, CancellationToken cancellation = default)
    {
        var folder = Writable(path, "create");
        if (folder.Segments.Count == 0) throw new VaultControlException(ControlErrorKind.AlreadyExists, "the vault's root exists already");
        using var scope = new LookupScope(_fs);
        var parent = Folder(scope, folder.Parent, folder, "create");
        ErrnoKinds.Check(_fs.MakeDirectory(parent, folder.Name, 0x1ED, Caller, out var attributes), folder, "create");
        scope.Took(attributes.Inode);
        Announce(parent, folder.Name, null);
        return Task.FromResult(ItemReader.Read(_fs, folder, attributes.Inode, attributes));
    }

    /// <inheritdoc/>
    public Task<VaultItem> SetTreeTypeAsync(string path, TreeType treeType, CancellationToken cancellation = default)
    {
        const string doing = "set the TreeType of";
        var folder = Writable(path, doing);
        if (!Enum.IsDefined(treeType)) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"{(int)treeType} is not a TreeType");
        using var scope = new LookupScope(_fs);
        var (inode, attributes) = scope.Resolve(folder);
        if (attributes.Kind != NodeKind.Directory) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"cannot {doing} /{folder.Text}: only a folder has a TreeType");
        // The same setxattr the mount serves for setfattr, so the filesystem's rules and the policy layers apply alike.
        ErrnoKinds.Check(_fs.SetExtendedAttribute(inode, IndraXattrNames.TreeType, System.Text.Encoding.UTF8.GetBytes(treeType.ToString()), XattrFlags.None), folder, doing);
        ErrnoKinds.Check(_fs.GetAttributes(inode, out var after), folder, doing);
        return Task.FromResult(ItemReader.Read(_fs, folder, inode, after));
    }

    /// <inheritdoc/>
    public Task RemoveAsync(string path, bool recursive, CancellationToken cancellation = default)
    {
        var target = Writable(path, "remove");
        if (target.Segments.Count == 0) throw new VaultControlException(ControlErrorKind.InvalidArgument, "the vault's root cannot be removed");
        using var caller = ControlCaller.Enter(Caller);
        using var scope = new LookupScope(_fs);
        var parent = Folder(scope, target.Parent, target, "remove");
        var found = scope.Find(parent, target.Name, target) ?? throw ErrnoKinds.For(Errno.ENOENT, target, "remove");
        RemoveEntry(scope, parent, target, found, recursive, cancellation);
        return Task.CompletedTask;
    }

    private void RemoveEntry(LookupScope scope, ulong parent, ControlPath path, NodeAttributes attributes, bool recursive, CancellationToken cancellation)
    {
        if (attributes.Kind == NodeKind.Directory)
        {
            if (recursive)
            {
                foreach (var (name, entry) in Entries(path, attributes.Inode, scope, cancellation))
                {
                    RemoveEntry(scope, attributes.Inode, path.Child(name), entry, recursive: true, cancellation);
                }
            }
            ErrnoKinds.Check(_fs.RemoveDirectory(parent, path.Name), path, "remove");
        }
        else
        {
            ErrnoKinds.Check(_fs.Unlink(parent, path.Name), path, "remove");
        }
        Announce(parent, path.Name, null);
    }

    /// <inheritdoc/>
    public Task<VaultItem> RenameAsync(string from, string to, bool replace, CancellationToken cancellation = default)
    {
        var source = Writable(from, "rename");
        var target = Writable(to, "rename to");
        if (source.Segments.Count == 0 || target.Segments.Count == 0) throw new VaultControlException(ControlErrorKind.InvalidArgument, "the vault's root cannot be renamed");
        using var caller = ControlCaller.Enter(Caller);
        using var scope = new LookupScope(_fs);
        var sourceParent = Folder(scope, source.Parent, source, "rename");
        var targetParent = Folder(scope, target.Parent, target, "rename to");
        if (!replace && scope.Find(targetParent, target.Name, target) is not null) throw ErrnoKinds.For(Errno.EEXIST, target, "rename to");
        var errno = _fs.Rename(sourceParent, source.Name, targetParent, target.Name, replace ? RenameFlags.None : RenameFlags.NoReplace);
        ErrnoKinds.Check(errno, errno == Errno.EEXIST ? target : source, "rename");
        Announce(sourceParent, source.Name, null);
        Announce(targetParent, target.Name, null);
        var (inode, attributes) = scope.Resolve(target);
        return Task.FromResult(ItemReader.Read(_fs, target, inode, attributes));
    }

    /// <inheritdoc/>
    public Task<VaultItem> CopyAsync(string from, string to, bool recursive, CancellationToken cancellation = default)
    {
        var source = ControlPath.Parse(from);
        var target = Writable(to, "copy to");
        if (target.Segments.Count == 0) throw ErrnoKinds.For(Errno.EEXIST, target, "copy to");
        if (!source.IsShared && (target.Text == source.Text || target.Text.StartsWith(source.Text + "/", StringComparison.Ordinal) || source.Segments.Count == 0))
        {
            throw new VaultControlException(ControlErrorKind.InvalidArgument, $"cannot copy /{source.Text} into itself");
        }
        using var scope = new LookupScope(_fs);
        var (inode, attributes) = scope.Resolve(source);
        if (attributes.Kind == NodeKind.Directory && !recursive)
        {
            throw new VaultControlException(ControlErrorKind.InvalidArgument, $"/{source.Text} is a folder: copy it recursively");
        }
        var targetParent = Folder(scope, target.Parent, target, "copy to");
        if (scope.Find(targetParent, target.Name, target) is not null) throw ErrnoKinds.For(Errno.EEXIST, target, "copy to");
        var copied = CopyEntry(scope, source, inode, attributes, targetParent, target, cancellation);
        Announce(targetParent, target.Name, null);
        ErrnoKinds.Check(_fs.GetAttributes(copied, out var result), target, "read");
        return Task.FromResult(ItemReader.Read(_fs, target, copied, result));
    }

    /// <summary>Copies one entry (a folder with what it holds) into folder <paramref name="targetParent"/>; returns the copy's inode.</summary>
    private ulong CopyEntry(LookupScope scope, ControlPath source, ulong inode, in NodeAttributes attributes, ulong targetParent, ControlPath target, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var permissions = attributes.Mode & FileModes.PermissionMask;
        NodeAttributes made;
        switch (attributes.Kind)
        {
            case NodeKind.Directory:
                ErrnoKinds.Check(_fs.MakeDirectory(targetParent, target.Name, permissions | 0x1C0, Caller, out made), target, "create");
                scope.Took(made.Inode);
                foreach (var (name, entry) in Entries(source, inode, scope, cancellation))
                {
                    CopyEntry(scope, source.Child(name), entry.Inode, entry, made.Inode, target.Child(name), cancellation);
                }
                return made.Inode;
            case NodeKind.Symlink:
                ErrnoKinds.Check(_fs.ReadLink(inode, out var link), source, "read");
                ErrnoKinds.Check(_fs.SymLink(targetParent, target.Name, link, Caller, out made), target, "create");
                scope.Took(made.Inode);
                return made.Inode;
            case NodeKind.File:
                return CopyFile(scope, source, inode, attributes.Size, permissions, targetParent, target);
            default:
                ErrnoKinds.Check(_fs.MakeNode(targetParent, target.Name, attributes.Mode, attributes.DeviceNumber, Caller, out made), target, "create");
                scope.Took(made.Inode);
                return made.Inode;
        }
    }

    /// <summary>
    /// Copies a file by reference: copy_file_range from offset 0 to offset 0 shares every whole block with the source
    /// (nothing read, hashed or stored), so the copy names the same content; a source the filesystem cannot share from
    /// (a peer's view) is copied through reads and writes.
    /// </summary>
    private ulong CopyFile(LookupScope scope, ControlPath source, ulong inode, long size, uint permissions, ulong targetParent, ControlPath target)
    {
        ErrnoKinds.Check(_fs.Open(inode, OpenFlags.ReadOnly, Caller, out var input), source, "open");
        try
        {
            ErrnoKinds.Check(_fs.Create(targetParent, target.Name, permissions, OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.Exclusive, Caller, out var made, out var output), target, "create");
            scope.Took(made.Inode);
            try
            {
                long offset = 0;
                while (offset < size)
                {
                    var errno = _fs.CopyRange(inode, input.Handle, offset, made.Inode, output.Handle, offset, size - offset, out var copied);
                    if (errno is Errno.ENOSYS or Errno.EXDEV)
                    {
                        CopyBytes(source, inode, input.Handle, target, made.Inode, output.Handle, offset);
                        break;
                    }
                    ErrnoKinds.Check(errno, target, "copy to");
                    if (copied == 0) break;
                    offset += copied;
                }
            }
            finally
            {
                _fs.Release(made.Inode, output.Handle);
            }
            return made.Inode;
        }
        finally
        {
            _fs.Release(inode, input.Handle);
        }
    }

    private void CopyBytes(ControlPath source, ulong inode, ulong input, ControlPath target, ulong copy, ulong output, long offset)
    {
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            ErrnoKinds.Check(_fs.Read(inode, input, offset, buffer, out var read), source, "read");
            if (read == 0) return;
            var written = 0;
            while (written < read)
            {
                ErrnoKinds.Check(_fs.Write(copy, output, offset + written, buffer.AsSpan(written, read - written), out var count), target, "write");
                written += count;
            }
            offset += read;
        }
    }

    /// <summary>Parses a path a request changes: the shared views are read-only.</summary>
    private static ControlPath Writable(string path, string doing)
    {
        var parsed = ControlPath.Parse(path);
        if (parsed.IsShared) throw new VaultControlException(ControlErrorKind.ReadOnly, $"cannot {doing} /{parsed.Text}: peers/ and realms/ are read-only views");
        return parsed;
    }

    /// <summary>The inode of the folder at <paramref name="folder"/>, which must exist and be a folder.</summary>
    private static ulong Folder(LookupScope scope, ControlPath folder, ControlPath target, string doing)
    {
        try
        {
            var (inode, attributes) = scope.Resolve(folder);
            if (attributes.Kind != NodeKind.Directory) throw ErrnoKinds.For(Errno.ENOTDIR, target, doing);
            return inode;
        }
        catch (VaultControlException e) when (e.Kind == ControlErrorKind.NotFound)
        {
            throw new VaultControlException(ControlErrorKind.NotFound, $"cannot {doing} /{target.Text}: no folder /{folder.Text}", e);
        }
    }

    /// <summary>Tells the platform's caches that <paramref name="name"/> in <paramref name="parent"/> changed (and the
    /// content of <paramref name="inode"/>), since the change did not come through the kernel.</summary>
    private void Announce(ulong parent, string name, ulong? inode)
    {
        _fs.AnnounceChange(parent, name);
        if (inode is { } changed) _fs.AnnounceContentChange(changed);
    }
}

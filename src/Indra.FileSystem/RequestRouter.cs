using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Files;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Namespace;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Staging;
using Indra.FileSystem.Virtual;
using Indra.FileSystem.Xattrs;
using Indra.Storage.Blocks;

namespace Indra.FileSystem;

/// <summary>
/// Sends each <see cref="IVaultFileSystem"/> request to the part that serves its inode range or handle: the vault
/// tree (<see cref="VaultNamespace"/>, <see cref="VaultRenames"/>, <see cref="VaultFiles"/>,
/// <see cref="VaultDirectories"/>, <see cref="WritePath"/>, <see cref="VaultAttributes"/>,
/// <see cref="XattrCatalogue"/>), the fixed layout and /.indra (<see cref="MetaTree"/>) or the shared views
/// (<see cref="SharedTree"/>). It holds no state of its own.
/// </summary>
internal sealed class RequestRouter
{
    private readonly Vault _vault;
    private readonly InodeTable _inodes;
    private readonly HandleTable _handles;
    private readonly VaultNamespace _namespace;
    private readonly VaultRenames _renames;
    private readonly VaultFiles _files;
    private readonly VaultDirectories _directories;
    private readonly WritePath _writes;
    private readonly VaultAttributes _attributes;
    private readonly XattrCatalogue _xattrs;
    private readonly MetaTree _meta;
    private readonly SharedTree _shared;

    public RequestRouter(Vault vault, InodeTable inodes, HandleTable handles, WritePath writes, VaultAttributes attributes, MetaTree meta, SharedTree shared)
    {
        _vault = vault;
        _inodes = inodes;
        _handles = handles;
        _writes = writes;
        _attributes = attributes;
        _meta = meta;
        _shared = shared;
        var trail = new NavigationTrail(vault, inodes);
        _namespace = new VaultNamespace(inodes, vault, attributes);
        _renames = new VaultRenames(inodes, vault, _namespace);
        _files = new VaultFiles(inodes, handles, vault, writes, attributes, trail);
        _directories = new VaultDirectories(inodes, handles, attributes, trail);
        _xattrs = new XattrCatalogue(inodes, vault, writes, attributes);
    }

    public Errno Lookup(ulong parent, string name, out NodeAttributes attributes)
    {
        attributes = default;
        if (name.Length > Names.MaxBytes && Names.Validate(name) == Errno.ENAMETOOLONG) return Errno.ENAMETOOLONG;
        if (SharedTree.ScopeOf(parent) is not null || SharedNodeTable.InRange(parent)) return _shared.Lookup(parent, name, out attributes);
        if (VirtualTree.Get(parent) is { } virtualParent) return _meta.Lookup(virtualParent, name, out attributes);
        return _namespace.Lookup(parent, name, out attributes);
    }

    public void Forget(ulong inode, ulong count)
    {
        if (SharedNodeTable.InRange(inode)) _shared.Forget(inode, count);
        else _inodes.Forget(inode, count);
    }

    public Errno GetAttributes(ulong inode, out NodeAttributes attributes)
    {
        attributes = default;
        if (VirtualTree.Get(inode) is { } virtualNode)
        {
            attributes = _meta.AttributesOf(virtualNode);
            return Errno.None;
        }
        if (SharedNodeTable.InRange(inode)) return _shared.Get(inode) is { } shared ? _shared.AttributesOf(shared, out attributes) : Errno.ENOENT;
        return _attributes.Get(inode, out attributes);
    }

    public Errno SetAttributes(ulong inode, in SetAttributesRequest request, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        if (ReadOnlyViews.Contains(inode)) return ReadOnlyViews.ErrorFor(inode);
        return _attributes.Set(inode, request, caller, out attributes);
    }

    public Errno ReadLink(ulong inode, out string target)
    {
        target = "";
        var node = _inodes.LoadVaultNode(inode);
        if (node is null) return VirtualTree.IsVirtual(inode) || _shared.Get(inode) is not null ? Errno.EINVAL : Errno.ENOENT;
        return _files.ReadLink(node, out target);
    }

    public Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes) =>
        _namespace.SymLink(parent, name, target, caller, out attributes);

    public Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes) =>
        _namespace.MakeDirectory(parent, name, mode, caller, out attributes);

    public Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes) =>
        _namespace.MakeNode(parent, name, mode, device, caller, out attributes);

    public Errno Unlink(ulong parent, string name) => _namespace.Unlink(parent, name);

    public Errno RemoveDirectory(ulong parent, string name) => _namespace.RemoveDirectory(parent, name);

    public Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags) =>
        _renames.Rename(parent, name, newParent, newName, flags);

    public Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes) =>
        _namespace.Link(inode, newParent, newName, out attributes);

    public Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open)
    {
        attributes = default;
        open = default;
        var created = _namespace.CreateFile(parent, name, mode, flags, caller, out var file);
        if (created != Errno.None) return created;
        var opened = _files.Open(file, flags, caller, out open);
        if (opened != Errno.None)
        {
            // The kernel learns nothing of the file, so it will never forget the lookup reference taken for it.
            _inodes.Forget((ulong)file.Number, 1);
            return opened;
        }
        lock (_inodes.Gate)
        {
            attributes = _attributes.AttributesOf(file);
        }
        return Errno.None;
    }

    public Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open)
    {
        open = default;
        if (VirtualTree.Get(inode) is { } virtualNode) return _meta.Open(virtualNode, flags, out open);
        if (SharedNodeTable.InRange(inode)) return _shared.Get(inode) is { } shared ? _shared.Open(shared, flags, out open) : Errno.ENOENT;
        return _files.Open(inode, flags, caller, out open);
    }

    public Errno Read(ulong handle, long offset, Span<byte> buffer, out int bytesRead)
    {
        bytesRead = 0;
        var open = _handles.Get(handle);
        if (open is null || open.IsDirectory) return Errno.EBADF;
        if (offset < 0) return Errno.EINVAL;
        if (open.VirtualContent is { } generated)
        {
            if (offset < generated.Length)
            {
                bytesRead = Math.Min(buffer.Length, generated.Length - (int)offset);
                generated.AsSpan((int)offset, bytesRead).CopyTo(buffer);
            }
            return Errno.None;
        }
        if (open.Shared is not null) return _shared.Read(open, offset, buffer, out bytesRead);
        return _files.Read(open, offset, buffer, out bytesRead);
    }

    /// <summary>A vault file's read as a range of a block file (<see cref="IVaultFileSystem.ReadAsFileRange"/>); null for
    /// generated files, shared views and anything <see cref="Read"/> would refuse.</summary>
    public BlockFileRange? ReadAsFileRange(ulong handle, long offset, int length)
    {
        var open = _handles.Get(handle);
        if (open is null || open.IsDirectory || offset < 0 || open.VirtualContent is not null || open.Shared is not null || open.Node is null) return null;
        return _files.ReadAsFileRange(open, offset, length);
    }

    public Errno Write(ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        bytesWritten = 0;
        return _handles.Get(handle) is { } open ? _writes.Write(open, offset, data, out bytesWritten) : Errno.EBADF;
    }

    public Errno Commit(ulong handle, bool durable)
    {
        var open = _handles.Get(handle);
        if (open is null) return Errno.EBADF;
        return open.Node is null ? Errno.None : _writes.Commit(open.Node, durable);
    }

    public Errno Release(ulong handle)
    {
        var open = _handles.Remove(handle);
        if (open is null) return Errno.EBADF;
        _shared.Release(open);
        return open.Node is null ? Errno.None : _files.Release(open);
    }

    public Errno OpenDirectory(ulong inode, out ulong handle)
    {
        handle = 0;
        if (VirtualTree.Get(inode) is { } virtualNode) return _meta.OpenDirectory(virtualNode, out handle);
        if (SharedNodeTable.InRange(inode))
        {
            if (_shared.Get(inode) is not { } shared || _shared.AttributesOf(shared, out var sharedAttributes) != Errno.None) return Errno.ENOENT;
            if (sharedAttributes.Kind != NodeKind.Directory) return Errno.ENOTDIR;
            var sharedOpen = new OpenHandle(_handles.NextId(), inode, null, 0, isDirectory: true);
            _handles.Add(sharedOpen);
            handle = sharedOpen.Id;
            return Errno.None;
        }
        return _directories.Open(inode, out handle);
    }

    public bool MayCacheListing(ulong inode) => !SharedNodeTable.InRange(inode) && _directories.MayCacheListing(inode);

    public Errno ReadDirectory(ulong inode, ulong handle, long cookie, bool plus, DirectoryEntrySink sink)
    {
        var open = _handles.Get(handle);
        if (open is null || !open.IsDirectory) return Errno.EBADF;
        if (cookie < DirectoryCookies.Dot && !sink(new DirectoryEntry(".", SelfAttributes(inode), DirectoryCookies.Dot))) return Errno.None;
        if (cookie < DirectoryCookies.FirstEntry && !sink(new DirectoryEntry("..", ParentAttributes(inode), DirectoryCookies.FirstEntry))) return Errno.None;
        if (SharedTree.ScopeOf(inode) is not null || SharedNodeTable.InRange(inode)) return _shared.List(inode, cookie, plus, sink);
        if (VirtualTree.IsVirtual(inode)) return _meta.List(inode, cookie, plus, sink);
        return _directories.Read(open, cookie, plus, sink);
    }

    public Errno FsyncDirectory()
    {
        _vault.Tree.Sync();
        return Errno.None;
    }

    public Errno ReleaseDirectory(ulong handle)
    {
        var open = _handles.Remove(handle);
        if (open is null) return Errno.EBADF;
        if (open.Node is { } node) _directories.Release(node);
        return Errno.None;
    }

    public Errno GetStatistics(out FileSystemStatistics statistics)
    {
        statistics = SpaceFigures.Of(_vault);
        return Errno.None;
    }

    public Errno SetExtendedAttribute(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags) => _xattrs.Set(inode, name, value, flags);

    public Errno GetExtendedAttribute(ulong inode, string name, out byte[] value)
    {
        value = [];
        if (XattrCatalogue.CheckName(name) is var invalid && invalid != Errno.None) return invalid;
        if (VirtualTree.IsVirtual(inode)) return Errno.ENODATA;
        if (SharedNodeTable.InRange(inode)) return _shared.Get(inode) is { } shared ? _shared.Xattr(shared, name, out value) : Errno.ENOENT;
        return _xattrs.Get(inode, name, out value);
    }

    public Errno ListExtendedAttributes(ulong inode, out IReadOnlyList<string> names)
    {
        names = [];
        if (VirtualTree.IsVirtual(inode)) return Errno.None;
        if (SharedNodeTable.InRange(inode))
        {
            names = _shared.XattrNames(inode);
            return Errno.None;
        }
        return _xattrs.List(inode, out names);
    }

    public Errno RemoveExtendedAttribute(ulong inode, string name) => _xattrs.Remove(inode, name);

    public Errno GetPath(ulong inode, out string path)
    {
        path = "";
        if (VirtualTree.Get(inode) is { } virtualNode)
        {
            path = MetaTree.PathOf(virtualNode);
            return Errno.None;
        }
        if (_shared.Get(inode) is { } shared)
        {
            path = shared.MountPath;
            return Errno.None;
        }
        lock (_inodes.Gate)
        {
            var node = _inodes.LoadVaultNode(inode);
            if (node is null || node.Unlinked) return Errno.ENOENT;
            var found = _inodes.PathOf(node);
            if (found is null) return Errno.ENOENT;
            path = found;
            return Errno.None;
        }
    }

    public Errno Allocate(ulong handle, int mode, long offset, long length) =>
        _handles.Get(handle) is { } open ? _writes.Allocate(open, mode, offset, length) : Errno.EBADF;

    public Errno Seek(ulong handle, long offset, int whence, out long position)
    {
        position = 0;
        var open = _handles.Get(handle);
        if (open?.Node is not { } node || open.IsDirectory) return open?.VirtualContent is not null || open?.Shared is not null ? Errno.ENOSYS : Errno.EBADF;
        return _files.Seek(node, offset, whence, out position);
    }

    public Errno CopyRange(ulong handleIn, long offsetIn, ulong handleOut, long offsetOut, long length, out long copied)
    {
        copied = 0;
        var input = _handles.Get(handleIn);
        var output = _handles.Get(handleOut);
        if (input is null || output is null) return Errno.EXDEV;
        return _writes.CopyRange(input, offsetIn, output, offsetOut, length, out copied);
    }

    public void FlushAll() => _writes.FlushAll();

    private NodeAttributes SelfAttributes(ulong inode)
    {
        GetAttributes(inode, out var attributes);
        return attributes;
    }

    private NodeAttributes ParentAttributes(ulong inode)
    {
        ulong parent = ReservedInodes.Root;
        if (VirtualTree.Get(inode) is { } virtualNode) parent = virtualNode.Parent;
        else if (_shared.Get(inode) is { } shared) parent = _shared.ParentOf(shared);
        else if (inode != ReservedInodes.Vault)
        {
            lock (_inodes.Gate)
            {
                var up = _inodes.ParentOf((long)inode);
                if (up != 0) parent = (ulong)up;
            }
        }
        GetAttributes(parent, out var attributes);
        return attributes;
    }
}

using Indra.Engine.Attention;
using Indra.Engine.Vaults;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Virtual;
using Indra.Storage.Metadata;

namespace Indra.FileSystem;

public sealed partial class VaultFileSystem
{
    /// <summary>Cookie after "."; entries then use position + <see cref="FirstEntryCookie"/>.</summary>
    private const long DotCookie = 1;

    /// <summary>Cookie after "..".</summary>
    private const long FirstEntryCookie = 2;

    /// <inheritdoc/>
    public Errno OpenDirectory(ulong inode, CallerContext caller, out ulong handle)
    {
        handle = 0;
        try
        {
            if (VirtualTree.Get(inode) is { } virtualNode)
            {
                if (!virtualNode.IsDirectory) return Errno.ENOTDIR;
                var open = new OpenHandle(_handles.NextId(), inode, null, 0, isDirectory: true);
                _handles.Add(open);
                handle = open.Id;
                return Errno.None;
            }
            if (SharedNodeTable.InRange(inode))
            {
                if (_sharedNodes.Get(inode) is not { } shared || SharedAttributes(shared, out var sharedAttributes) != Errno.None) return Errno.ENOENT;
                if (sharedAttributes.Kind != NodeKind.Directory) return Errno.ENOTDIR;
                var sharedOpen = new OpenHandle(_handles.NextId(), inode, null, 0, isDirectory: true);
                _handles.Add(sharedOpen);
                handle = sharedOpen.Id;
                return Errno.None;
            }
            Nodes.Inode directory;
            string path;
            lock (_tree)
            {
                var node = LoadVaultNode(inode);
                if (node is null) return Errno.ENOENT;
                if (node.Kind != EntryKind.Directory) return Errno.ENOTDIR;
                node.OpenCount++;
                var open = new OpenHandle(_handles.NextId(), inode, node, 0, isDirectory: true);
                _handles.Add(open);
                handle = open.Id;
                directory = node;
                path = PathOf(node) ?? "";
            }
            // Recorded at open rather than at the first readdir: the kernel may serve the listing from its cache.
            RecordAttention(AttentionKind.NavigateTo, directory, directory.Record.ArtifactId, ParentArtifact(directory), path, 0);
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"opendir {inode}");
        }
    }

    /// <inheritdoc/>
    public bool MayCacheListing(ulong inode) => !SharedNodeTable.InRange(inode) && LoadVaultNode(inode) is { Kind: EntryKind.Directory };

    /// <inheritdoc/>
    public Errno ReadDirectory(ulong inode, ulong handle, long cookie, bool plus, DirectoryEntrySink sink)
    {
        try
        {
            var open = _handles.Get(handle);
            if (open is null || !open.IsDirectory) return Errno.EBADF;
            if (cookie < DotCookie && !sink(new DirectoryEntry(".", SelfAttributes(inode), DotCookie))) return Errno.None;
            if (cookie < FirstEntryCookie && !sink(new DirectoryEntry("..", ParentAttributes(inode), FirstEntryCookie))) return Errno.None;
            if (ScopeOf(inode) is not null || SharedNodeTable.InRange(inode)) return ListShared(inode, cookie, sink);
            if (VirtualTree.IsVirtual(inode)) return ListVirtual(inode, cookie, plus, sink);
            var node = open.Node!;
            if (cookie == 0) TouchAccess(node);
            Nodes.DirectoryIndex children;
            lock (_tree)
            {
                if (node.Unlinked) return Errno.None;
                children = ChildrenOf(node);
            }
            foreach (var (position, label, childNumber) in children.After(Math.Max(0, cookie - FirstEntryCookie)))
            {
                lock (_tree)
                {
                    var child = Load(childNumber);
                    if (child is null) continue;
                    var entry = new DirectoryEntry(label, AttributesOf(child), position + FirstEntryCookie);
                    if (!sink(entry)) return Errno.None;
                    if (plus)
                    {
                        child.LookupCount++;
                        if (child.Parent == 0)
                        {
                            child.Parent = node.Number;
                            child.Name = label;
                        }
                    }
                }
            }
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"readdir {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno FsyncDirectory(ulong inode, ulong handle)
    {
        try
        {
            _metadata.CommitDurably(() => { });
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"fsyncdir {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno ReleaseDirectory(ulong inode, ulong handle)
    {
        try
        {
            var open = _handles.Remove(handle);
            if (open is null) return Errno.EBADF;
            if (open.Node is { } node)
            {
                lock (_tree)
                {
                    node.OpenCount--;
                    ReapIfDead(node);
                }
            }
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"releasedir {inode}");
        }
    }

    private Errno ListVirtual(ulong inode, long cookie, bool plus, DirectoryEntrySink sink)
    {
        var children = VirtualTree.Children(inode);
        for (var i = (int)Math.Max(0, cookie - FirstEntryCookie); i < children.Count; i++)
        {
            var (name, childInode, _) = children[i];
            NodeAttributes attributes;
            if (childInode == ReservedInodes.Vault)
            {
                lock (_tree)
                {
                    attributes = AttributesOf(Load(Vault.RootInode)!);
                }
            }
            else
            {
                attributes = AttributesOf(VirtualTree.Get(childInode)!);
            }
            if (!sink(new DirectoryEntry(name, attributes, i + 1 + FirstEntryCookie))) return Errno.None;
            if (plus && childInode == ReservedInodes.Vault)
            {
                lock (_tree)
                {
                    Load(Vault.RootInode)!.LookupCount++;
                }
            }
        }
        return Errno.None;
    }

    private NodeAttributes SelfAttributes(ulong inode)
    {
        GetAttributes(inode, out var attributes);
        return attributes;
    }

    private NodeAttributes ParentAttributes(ulong inode)
    {
        ulong parent = ReservedInodes.Root;
        if (VirtualTree.Get(inode) is { } virtualNode) parent = virtualNode.Parent;
        else if (_sharedNodes.Get(inode) is { } shared)
        {
            var slash = shared.Path.LastIndexOf('/');
            parent = shared.Path.Length == 0 ? shared.ViewRoot : _sharedNodes.For(shared.Scope, shared.Name, slash < 0 ? "" : shared.Path[..slash]).Inode;
        }
        else if (inode != ReservedInodes.Vault)
        {
            lock (_tree)
            {
                var up = ParentOf((long)inode);
                if (up != 0) parent = (ulong)up;
            }
        }
        GetAttributes(parent, out var attributes);
        return attributes;
    }
}

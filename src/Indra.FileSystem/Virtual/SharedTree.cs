using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Xattrs;
using Microsoft.Extensions.Logging;

namespace Indra.FileSystem.Virtual;

/// <summary>
/// The read-only /peers and /realms folders: peer and realm views served from <see cref="ISharedViews"/> under inode
/// numbers from <see cref="SharedNodeTable"/> (owner-only: <see cref="SharedViewAccess"/>), and the kernel
/// invalidations their changes call for.
/// </summary>
internal sealed class SharedTree
{
    private readonly SharedNodeTable _sharedNodes = new();
    private readonly HandleTable _handles;
    private readonly Func<NodeAttributes> _root;
    private readonly Func<IInvalidationSink?> _invalidation;
    private readonly ILogger _log;
    private ISharedViews? _shared;

    /// <param name="handles">Where open shared files are registered.</param>
    /// <param name="root">The attributes of /vault, whose birth time dates view entries without a time of their own.</param>
    /// <param name="invalidation">The platform host's invalidation target at the time of a change.</param>
    /// <param name="log">Where read failures are reported.</param>
    public SharedTree(HandleTable handles, Func<NodeAttributes> root, Func<IInvalidationSink?> invalidation, ILogger<SharedTree> log)
    {
        _handles = handles;
        _root = root;
        _invalidation = invalidation;
        _log = log;
    }

    /// <summary>The shared node numbered <paramref name="inode"/>, or null.</summary>
    public SharedNode? Get(ulong inode) => _sharedNodes.Get(inode);

    /// <summary>The shared node of the folder above <paramref name="node"/> (the view root's parent is /peers or /realms).</summary>
    public ulong ParentOf(SharedNode node)
    {
        var slash = node.Path.LastIndexOf('/');
        return node.Path.Length == 0 ? node.ViewRoot : _sharedNodes.For(node.Scope, node.Name, slash < 0 ? "" : node.Path[..slash]).Inode;
    }

    /// <summary>The generated attribute names a shared node lists (none for a view's root).</summary>
    public IReadOnlyList<string> XattrNames(ulong inode) =>
        _sharedNodes.Get(inode) is { Path.Length: > 0 } ? [XattrCatalogue.IdName, XattrCatalogue.AccessModeName, XattrCatalogue.StewardName] : [];

    /// <summary>
    /// Serves /peers and /realms from <paramref name="views"/> (read-only: files 0444, folders 0555, EACCES on every
    /// write). Without views both folders are empty. Changes the views report are passed to the platform host as
    /// inode and entry invalidations.
    /// </summary>
    public void Attach(ISharedViews views)
    {
        _shared = views;
        views.Changed += OnSharedChanged;
    }

    private void OnSharedChanged(ShareScope scope, string name, string path)
    {
        var sink = _invalidation();
        if (sink is null) return;
        if (_sharedNodes.Find(scope, name, path) is { } node) sink.InvalidateInode(node.Inode);
        var slash = path.LastIndexOf('/');
        var parentPath = slash < 0 ? "" : path[..slash];
        var leaf = slash < 0 ? path : path[(slash + 1)..];
        if (path.Length == 0)
        {
            sink.InvalidateEntry(scope == ShareScope.Peer ? ReservedInodes.Peers : ReservedInodes.Realms, name);
        }
        else if (_sharedNodes.Find(scope, name, parentPath) is { } parent)
        {
            sink.InvalidateEntry(parent.Inode, leaf);
            sink.InvalidateInode(parent.Inode);
        }
    }

    public static ShareScope? ScopeOf(ulong inode) => inode switch
    {
        ReservedInodes.Peers => ShareScope.Peer,
        ReservedInodes.Realms => ShareScope.Realm,
        _ => null,
    };

    /// <summary>Looks up a child of /peers, /realms or a shared folder.</summary>
    public Errno Lookup(ulong parent, string name, out NodeAttributes attributes)
    {
        attributes = default;
        var views = _shared;
        if (views is null) return Errno.ENOENT;
        SharedNode child;
        if (ScopeOf(parent) is { } scope)
        {
            if (!views.Names(scope).Contains(name, StringComparer.Ordinal)) return Errno.ENOENT;
            child = _sharedNodes.For(scope, name, "");
        }
        else
        {
            var folder = _sharedNodes.Get(parent);
            if (folder is null) return Errno.ENOENT;
            child = _sharedNodes.For(folder.Scope, folder.Name, folder.Child(name));
        }
        return AttributesOf(child, out attributes);
    }

    public Errno AttributesOf(SharedNode node, out NodeAttributes attributes)
    {
        attributes = default;
        var views = _shared;
        if (views is null) return Errno.ENOENT;
        SharedEntry? entry = node.Path.Length == 0
            ? (views.Names(node.Scope).Contains(node.Name, StringComparer.Ordinal) ? new SharedEntry(node.Name, true, 0, default, 0, "", default) : null)
            : views.Get(node.Scope, node.Name, node.Path);
        if (entry is null) return Errno.ENOENT;
        var root = _root();
        var modified = entry.ModifiedNs != 0 ? entry.ModifiedNs : root.BirthTimeNs;
        attributes = new NodeAttributes
        {
            Inode = node.Inode,
            Generation = 1,
            Mode = entry.IsDirectory ? SharedViewAccess.FolderMode : SharedViewAccess.FileMode,
            LinkCount = entry.IsDirectory ? 2u : 1u,
            Uid = SharedViewAccess.Uid,
            Gid = SharedViewAccess.Gid,
            Size = entry.IsDirectory ? 0 : entry.Size,
            AccessTimeNs = modified,
            ModifyTimeNs = modified,
            ChangeTimeNs = modified,
            BirthTimeNs = modified,
        };
        return Errno.None;
    }

    /// <summary>Lists /peers, /realms or a shared folder from <paramref name="cookie"/>.</summary>
    public Errno List(ulong inode, long cookie, DirectoryEntrySink sink)
    {
        var views = _shared;
        if (views is null) return Errno.None;
        IEnumerable<SharedNode> children;
        if (ScopeOf(inode) is { } scope) children = views.Names(scope).Select(n => _sharedNodes.For(scope, n, ""));
        else if (_sharedNodes.Get(inode) is { } folder) children = views.List(folder.Scope, folder.Name, folder.Path).Select(e => _sharedNodes.For(folder.Scope, folder.Name, folder.Child(e.Name)));
        else return Errno.ENOENT;
        var index = 0L;
        foreach (var child in children)
        {
            index++;
            if (index + DirectoryCookies.FirstEntry <= cookie) continue;
            if (AttributesOf(child, out var attributes) != Errno.None) continue;
            var childName = child.Path.Length == 0 ? child.Name : child.Path[(child.Path.LastIndexOf('/') + 1)..];
            if (!sink(new DirectoryEntry(childName, attributes, index + DirectoryCookies.FirstEntry))) return Errno.None;
        }
        return Errno.None;
    }

    /// <summary>Opens a shared file read-only.</summary>
    public Errno Open(SharedNode node, int flags, out OpenResult open)
    {
        open = default;
        if (OpenFlags.Writes(flags) || (flags & OpenFlags.Truncate) != 0) return Errno.EACCES;
        var entry = _shared?.Get(node.Scope, node.Name, node.Path);
        if (entry is null) return Errno.ENOENT;
        if (entry.IsDirectory) return Errno.EISDIR;
        var handle = new OpenHandle(_handles.NextId(), node.Inode, null, flags, isDirectory: false) { Shared = node };
        _handles.Add(handle);
        open = new OpenResult(handle.Id, KeepCache: false, DirectIo: false);
        return Errno.None;
    }

    public Errno Read(SharedNode node, long offset, Span<byte> buffer, out int bytesRead)
    {
        bytesRead = 0;
        var views = _shared;
        if (views is null) return Errno.ENOENT;
        try
        {
            var read = views.Read(node.Scope, node.Name, node.Path, offset, buffer);
            if (read < 0) return Errno.ENOENT;
            bytesRead = read;
            return Errno.None;
        }
        catch (IOException e)
        {
            _log.LogWarning("read of {Path}: {Reason}", node.MountPath, e.Message);
            return Errno.EIO;
        }
    }

    public Errno Xattr(SharedNode node, string name, out byte[] value)
    {
        value = [];
        var entry = node.Path.Length == 0 ? null : _shared?.Get(node.Scope, node.Name, node.Path);
        if (entry is null) return node.Path.Length == 0 ? Errno.ENODATA : Errno.ENOENT;
        var text = name switch
        {
            XattrCatalogue.IdName => entry.ArtifactId.ToString(),
            XattrCatalogue.AccessModeName => entry.AccessMode,
            XattrCatalogue.StewardName => entry.Steward.ToString(),
            _ => null,
        };
        if (text is null) return Errno.ENODATA;
        value = System.Text.Encoding.UTF8.GetBytes(text);
        return Errno.None;
    }
}

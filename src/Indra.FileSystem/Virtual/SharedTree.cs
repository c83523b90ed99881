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
    private readonly OpenSharedVersions _openVersions = new();
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

    /// <summary>
    /// Looks up a child of /peers, /realms or a shared folder and takes one lookup reference on it (dropped by
    /// <see cref="Forget"/>); a name that does not exist is ENOENT and allocates no inode.
    /// </summary>
    public Errno Lookup(ulong parent, string name, out NodeAttributes attributes)
    {
        attributes = default;
        var views = _shared;
        if (views is null) return Errno.ENOENT;
        ShareScope childScope;
        string childName, childPath;
        if (ScopeOf(parent) is { } scope)
        {
            if (!views.Names(scope).Contains(name, StringComparer.Ordinal)) return Errno.ENOENT;
            (childScope, childName, childPath) = (scope, name, "");
        }
        else
        {
            var folder = _sharedNodes.Get(parent);
            if (folder is null) return Errno.ENOENT;
            (childScope, childName, childPath) = (folder.Scope, folder.Name, folder.Child(name));
        }
        // Asked of the views before a number is given, so that names that do not exist leave nothing behind.
        var found = AttributesOf(new SharedNode(0, childScope, childName, childPath), out attributes);
        if (found != Errno.None) return found;
        attributes.Inode = _sharedNodes.Acquire(childScope, childName, childPath).Inode;
        return Errno.None;
    }

    /// <summary>Drops <paramref name="count"/> lookup references of a shared node (FUSE forget).</summary>
    public void Forget(ulong inode, ulong count) => _sharedNodes.Forget(inode, count);

    /// <summary>Shared nodes that have a number now, idle ones included (tests).</summary>
    internal int NodeCount => _sharedNodes.Count;

    /// <summary>Shared nodes the kernel holds a lookup reference on (tests).</summary>
    internal int HeldNodeCount => _sharedNodes.HeldCount;

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

    /// <summary>
    /// Lists /peers, /realms or a shared folder from <paramref name="cookie"/>; with <paramref name="plus"/>
    /// (readdirplus) each entry the sink accepts takes one lookup reference.
    /// </summary>
    public Errno List(ulong inode, long cookie, bool plus, DirectoryEntrySink sink)
    {
        var views = _shared;
        if (views is null) return Errno.None;
        // Each child as (view name, path in the view): at the top of /peers or /realms the listed names are views.
        IEnumerable<(ShareScope Scope, string Name, string Path)> children;
        if (ScopeOf(inode) is { } scope) children = views.Names(scope).Select(n => (scope, n, ""));
        else if (_sharedNodes.Get(inode) is { } folder) children = views.List(folder.Scope, folder.Name, folder.Path).Select(e => (folder.Scope, folder.Name, folder.Child(e.Name)));
        else return Errno.ENOENT;
        var index = 0L;
        foreach (var (childScope, childName, childPath) in children)
        {
            index++;
            if (index + DirectoryCookies.FirstEntry <= cookie) continue;
            var child = plus ? _sharedNodes.Acquire(childScope, childName, childPath) : _sharedNodes.For(childScope, childName, childPath);
            if (AttributesOf(child, out var attributes) != Errno.None)
            {
                if (plus) _sharedNodes.Forget(child.Inode, 1);
                continue;
            }
            var leaf = childPath.Length == 0 ? childName : childPath[(childPath.LastIndexOf('/') + 1)..];
            if (!sink(new DirectoryEntry(leaf, attributes, index + DirectoryCookies.FirstEntry)))
            {
                if (plus) _sharedNodes.Forget(child.Inode, 1);
                return Errno.None;
            }
        }
        return Errno.None;
    }

    /// <summary>
    /// Opens a shared file read-only, pinning the version current now (<see cref="ISharedViews.Open"/>): every read of
    /// the handle returns bytes of that version, and its blocks stay until <see cref="RequestRouter.Release"/>.
    /// Attributes keep showing the current version; the page cache is dropped at each open, so a reader who opens again
    /// reads the newest (close-to-open, as NFS). An open of a version other than one still open bypasses the page
    /// cache (<see cref="OpenSharedVersions"/>), so that neither handle reads pages of the other's version.
    /// </summary>
    public Errno Open(SharedNode node, int flags, out OpenResult open)
    {
        open = default;
        if (OpenFlags.Writes(flags) || (flags & OpenFlags.Truncate) != 0) return Errno.EACCES;
        var views = _shared;
        var entry = views?.Get(node.Scope, node.Name, node.Path);
        if (views is null || entry is null) return Errno.ENOENT;
        if (entry.IsDirectory) return Errno.EISDIR;
        var file = views.Open(node.Scope, node.Name, node.Path);
        if (file is null) return Errno.ENOENT;
        var handle = new OpenHandle(_handles.NextId(), node.Inode, null, flags, isDirectory: false) { Shared = node, SharedFile = file };
        var bypass = _openVersions.Add(node.Inode, file.Entry.ArtifactId);
        _handles.Add(handle);
        open = new OpenResult(handle.Id, KeepCache: false, DirectIo: bypass);
        return Errno.None;
    }

    /// <summary>Releases a shared file's handle: its pinned version is let go.</summary>
    public void Release(OpenHandle handle)
    {
        if (handle.SharedFile is not { } file) return;
        _openVersions.Remove(handle.InodeNumber, file.Entry.ArtifactId);
        file.Dispose();
    }

    /// <summary>Reads through a shared file's handle, from the version it pinned at open.</summary>
    public Errno Read(OpenHandle handle, long offset, Span<byte> buffer, out int bytesRead)
    {
        bytesRead = 0;
        if (handle.SharedFile is not { } file) return Errno.EBADF;
        try
        {
            var read = file.Read(offset, buffer);
            if (read < 0) return Errno.ENOENT;
            bytesRead = read;
            return Errno.None;
        }
        catch (IOException e)
        {
            _log.LogWarning("read of {Path}: {Reason}", handle.Shared?.MountPath, e.Message);
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

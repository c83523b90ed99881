using Indra.Engine.Domain;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;

namespace Indra.FileSystem.Files;

/// <summary>Open vault directories: opendir (recording navigate_to), readdir and readdirplus from the loaded index, releasedir.</summary>
internal sealed class VaultDirectories
{
    private readonly InodeTable _inodes;
    private readonly HandleTable _handles;
    private readonly VaultAttributes _attributes;
    private readonly NavigationTrail _trail;

    public VaultDirectories(InodeTable inodes, HandleTable handles, VaultAttributes attributes, NavigationTrail trail)
    {
        _inodes = inodes;
        _handles = handles;
        _attributes = attributes;
        _trail = trail;
    }

    /// <summary>opendir(3) of vault directory <paramref name="inode"/>.</summary>
    /// <returns>ENOENT, ENOTDIR.</returns>
    public Errno Open(ulong inode, out ulong handle)
    {
        handle = 0;
        Inode directory;
        string path;
        lock (_inodes.Gate)
        {
            var node = _inodes.LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            if (node.Kind != NodeKind.Directory) return Errno.ENOTDIR;
            // The path first: it may query the store, and a failure then changes nothing.
            path = _inodes.PathOf(node) ?? "";
            node.OpenCount++;
            var open = new OpenHandle(_handles.NextId(), inode, node, 0, isDirectory: true);
            _handles.Add(open);
            handle = open.Id;
            directory = node;
        }
        // Recorded at open rather than at the first readdir: the kernel may serve the listing from its cache.
        _trail.To(directory, directory.Record.ArtifactId, path);
        return Errno.None;
    }

    /// <summary>True when the kernel may keep the listing of <paramref name="inode"/> (a vault directory).</summary>
    public bool MayCacheListing(ulong inode) => _inodes.LoadVaultNode(inode) is { Kind: NodeKind.Directory };

    /// <summary>Lists the entries of an open vault directory after <paramref name="cookie"/> ("." and ".." are the caller's).</summary>
    public Errno Read(OpenHandle open, long cookie, bool plus, DirectoryEntrySink sink)
    {
        var node = open.Node!;
        if (cookie == 0) _attributes.TouchAccess(node);
        // One hold of the gate for the whole batch (a reply buffer's worth of entries), not one per entry.
        lock (_inodes.Gate)
        {
            if (node.Unlinked) return Errno.None;
            var children = _inodes.ChildrenOf(node);
            foreach (var (position, label, childNumber) in children.After(Math.Max(0, cookie - DirectoryCookies.FirstEntry)))
            {
                var child = _inodes.Load(childNumber);
                if (child is null) continue;
                var entry = new DirectoryEntry(label, _attributes.AttributesOf(child), position + DirectoryCookies.FirstEntry);
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

    /// <summary>Closes a vault directory handle; an unlinked directory with no references left is deleted.</summary>
    public void Release(Inode node)
    {
        lock (_inodes.Gate)
        {
            node.OpenCount--;
            _inodes.ReapIfDead(node);
        }
    }
}

using Indra.Engine.Vaults;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Virtual;

namespace Indra.FileSystem;

public sealed partial class VaultFileSystem
{
    /// <inheritdoc/>
    public Errno GetPath(ulong inode, out string path)
    {
        path = "";
        try
        {
            if (VirtualTree.Get(inode) is { } virtualNode)
            {
                path = virtualNode.Inode == ReservedInodes.Root ? "" : virtualNode.Parent == ReservedInodes.Root ? virtualNode.Name : ".indra/" + virtualNode.Name;
                return Errno.None;
            }
            if (_sharedNodes.Get(inode) is { } shared)
            {
                path = shared.MountPath;
                return Errno.None;
            }
            lock (_tree)
            {
                var node = LoadVaultNode(inode);
                if (node is null || node.Unlinked) return Errno.ENOENT;
                var found = PathOf(node);
                if (found is null) return Errno.ENOENT;
                path = found;
                return Errno.None;
            }
        }
        catch (Exception e)
        {
            return Fail(e, $"path of {inode}");
        }
    }

    /// <summary>"vault/a/b" for a vault node, or null when it has no name any more. Caller holds <see cref="_tree"/>.</summary>
    private string? PathOf(Inode node)
    {
        var parts = new List<string>();
        var current = node;
        for (var depth = 0; depth < 4096; depth++)
        {
            if (current.Number == Vault.RootInode)
            {
                parts.Add("vault");
                parts.Reverse();
                return string.Join('/', parts);
            }
            if (current.Parent == 0 || !_inodes.ContainsKey(current.Parent))
            {
                var refs = _metadata.RefsTo(current.Number);
                if (refs.Count == 0) return null;
                current.Parent = refs[0].Parent;
                current.Name = refs[0].Label;
            }
            parts.Add(current.Name);
            var parent = Load(current.Parent);
            if (parent is null) return null;
            current = parent;
        }
        return null;
    }

    /// <summary>A path for log lines (never throws).</summary>
    private string PathFor(ulong inode) => GetPath(inode, out var path) == Errno.None ? path : $"inode {inode}";
}

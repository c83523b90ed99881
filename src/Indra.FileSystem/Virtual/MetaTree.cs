using Indra.Engine.Vaults;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;

namespace Indra.FileSystem.Virtual;

/// <summary>
/// The fixed part of the mount (<see cref="VirtualTree"/>): the root folder with its four children and /.indra with
/// the generated files of <see cref="MetaFileGenerator"/>, opened read-only with their content fixed at open.
/// </summary>
internal sealed class MetaTree
{
    private readonly InodeTable _inodes;
    private readonly HandleTable _handles;
    private readonly VaultAttributes _attributes;
    private readonly MetaFileGenerator _metaFiles;
    private readonly Vault _vault;

    public MetaTree(Vault vault, InodeTable inodes, HandleTable handles, VaultAttributes attributes, MetaFileGenerator metaFiles)
    {
        _vault = vault;
        _inodes = inodes;
        _handles = handles;
        _attributes = attributes;
        _metaFiles = metaFiles;
    }

    /// <summary>Finds <paramref name="name"/> in a virtual folder; /vault takes a lookup reference on the vault root.</summary>
    public Errno Lookup(VirtualNode parent, string name, out NodeAttributes attributes)
    {
        attributes = default;
        if (!parent.IsDirectory) return Errno.ENOTDIR;
        foreach (var (childName, childInode, _) in VirtualTree.Children(parent.Inode))
        {
            if (childName != name) continue;
            attributes = childInode == ReservedInodes.Vault ? LookUpVaultRoot() : AttributesOf(VirtualTree.Get(childInode)!);
            return Errno.None;
        }
        return Errno.ENOENT;
    }

    /// <summary>
    /// Attributes of a virtual node: the mount's root 0755 owned like /vault; /.indra and its folders 0500 and its
    /// generated files 0400 (sized by generating them), owned like /vault, so a mount made with allow_other does not
    /// show other local users the vault's paths (heat.json) or its peers (peers.json); /peers and /realms as
    /// <see cref="SharedViewAccess"/> says.
    /// </summary>
    public NodeAttributes AttributesOf(VirtualNode node)
    {
        var root = _attributes.Root();
        var size = node.IsDirectory ? 0 : _metaFiles.Generate(node.Name).LongLength;
        var now = _vault.ClockNs();
        return new NodeAttributes
        {
            Inode = node.Inode,
            Generation = 1,
            Mode = IsSharedView(node) ? SharedViewAccess.FolderMode
                : node.IsDirectory ? FileModes.Directory | (node.Inode == ReservedInodes.Root ? 0x1EDu : 0x140u) : FileModes.Regular | 0x100u,
            LinkCount = node.IsDirectory ? (uint)(2 + VirtualTree.Children(node.Inode).Count(c => c.IsDirectory)) : 1,
            Uid = IsSharedView(node) ? SharedViewAccess.Uid : root.Uid,
            Gid = IsSharedView(node) ? SharedViewAccess.Gid : root.Gid,
            Size = size,
            AccessTimeNs = now,
            ModifyTimeNs = node.IsDirectory ? root.BirthTimeNs : now,
            ChangeTimeNs = node.IsDirectory ? root.BirthTimeNs : now,
            BirthTimeNs = root.BirthTimeNs,
        };
    }

    private static bool IsSharedView(VirtualNode node) => node.Inode is ReservedInodes.Peers or ReservedInodes.Realms;

    /// <summary>Opens a generated file read-only (EROFS for writes), its content generated now.</summary>
    public Errno Open(VirtualNode node, int flags, out OpenResult open)
    {
        open = default;
        if (node.IsDirectory) return Errno.EISDIR;
        if (OpenFlags.Writes(flags) || (flags & OpenFlags.Truncate) != 0) return Errno.EROFS;
        var handle = new OpenHandle(_handles.NextId(), node.Inode, null, flags, isDirectory: false) { VirtualContent = _metaFiles.Generate(node.Name) };
        _handles.Add(handle);
        open = new OpenResult(handle.Id, KeepCache: false, DirectIo: true);
        return Errno.None;
    }

    /// <summary>Opens a virtual folder for listing.</summary>
    public Errno OpenDirectory(VirtualNode node, out ulong handle)
    {
        handle = 0;
        if (!node.IsDirectory) return Errno.ENOTDIR;
        var open = new OpenHandle(_handles.NextId(), node.Inode, null, 0, isDirectory: true);
        _handles.Add(open);
        handle = open.Id;
        return Errno.None;
    }

    /// <summary>Lists a virtual folder after <paramref name="cookie"/>; readdirplus of /vault takes a lookup reference on the vault root.</summary>
    public Errno List(ulong inode, long cookie, bool plus, DirectoryEntrySink sink)
    {
        var children = VirtualTree.Children(inode);
        for (var i = (int)Math.Max(0, cookie - DirectoryCookies.FirstEntry); i < children.Count; i++)
        {
            var (name, childInode, _) = children[i];
            var isVaultRoot = childInode == ReservedInodes.Vault;
            var attributes = isVaultRoot ? _attributes.Root() : AttributesOf(VirtualTree.Get(childInode)!);
            if (!sink(new DirectoryEntry(name, attributes, i + 1 + DirectoryCookies.FirstEntry))) return Errno.None;
            if (plus && isVaultRoot)
            {
                lock (_inodes.Gate)
                {
                    _inodes.Root.LookupCount++;
                }
            }
        }
        return Errno.None;
    }

    /// <summary>The mount-relative path of a virtual node ("" for the root, ".indra/heat.json" for a generated file).</summary>
    public static string PathOf(VirtualNode node) =>
        node.Inode == ReservedInodes.Root ? "" : node.Parent == ReservedInodes.Root ? node.Name : ".indra/" + node.Name;

    private NodeAttributes LookUpVaultRoot()
    {
        lock (_inodes.Gate)
        {
            var root = _inodes.Root;
            root.LookupCount++;
            return _attributes.AttributesOf(root);
        }
    }
}

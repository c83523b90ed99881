using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Virtual;

namespace Indra.FileSystem.Namespace;

/// <summary>
/// The names of the vault tree: lookup, create, mkdir, mknod, symlink, link, unlink and rmdir (rename is
/// <see cref="VaultRenames"/>). Every change holds the inode table's gate, updates the loaded nodes and queues the
/// same change for the vault tree's next transaction, owned by the node it names (<see cref="VaultTree.Defer(long, Action)"/>).
/// </summary>
internal sealed class VaultNamespace
{
    /// <summary>S_ISGID: a directory carrying it gives new entries its group (and new directories the bit).</summary>
    private const uint SetGroupId = 0x400;

    /// <summary>Longest symbolic link target in bytes (PATH_MAX less the NUL): ENAMETOOLONG beyond.</summary>
    private const int MaxLinkTargetBytes = 4095;

    private readonly InodeTable _inodes;
    private readonly Vault _vault;
    private readonly VaultTree _tree;
    private readonly VaultAttributes _attributes;

    public VaultNamespace(InodeTable inodes, Vault vault, VaultAttributes attributes)
    {
        _inodes = inodes;
        _vault = vault;
        _tree = vault.Tree;
        _attributes = attributes;
    }

    /// <summary>Finds <paramref name="name"/> in vault directory <paramref name="parent"/> and takes one lookup reference.</summary>
    public Errno Lookup(ulong parent, string name, out NodeAttributes attributes)
    {
        attributes = default;
        if (Names.Validate(name) is var invalid && invalid == Errno.ENAMETOOLONG) return invalid;
        lock (_inodes.Gate)
        {
            var directory = _inodes.LoadVaultNode(parent);
            if (directory is null || directory.Unlinked) return Errno.ENOENT;
            if (directory.Kind != NodeKind.Directory) return Errno.ENOTDIR;
            if (!_inodes.ChildrenOf(directory).TryGet(name, out var childNumber, out var storedName)) return Errno.ENOENT;
            var child = _inodes.Load(childNumber);
            if (child is null) return Errno.ENOENT;
            child.LookupCount++;
            child.Parent = directory.Number;
            child.Name = storedName;
            attributes = _attributes.AttributesOf(child);
            return Errno.None;
        }
    }

    /// <summary>
    /// The regular file <paramref name="name"/> in <paramref name="parent"/>, made empty when missing; one lookup
    /// reference is taken either way. The caller opens it.
    /// </summary>
    /// <returns>EEXIST (O_EXCL), EISDIR, ENXIO (a special file), and the errors of <see cref="WritableDirectory"/>.</returns>
    public Errno CreateFile(ulong parent, string name, uint mode, int flags, CallerContext caller, out Inode file)
    {
        file = null!;
        if (Names.Validate(name) is var invalid && invalid != Errno.None) return invalid;
        lock (_inodes.Gate)
        {
            var check = WritableDirectory(parent, out var directory);
            if (check != Errno.None) return check;
            if (_inodes.ChildrenOf(directory).TryGet(name, out var existing))
            {
                if ((flags & OpenFlags.Exclusive) != 0) return Errno.EEXIST;
                var node = _inodes.Load(existing);
                if (node is null) return Errno.ENOENT;
                if (node.Kind == NodeKind.Directory) return Errno.EISDIR;
                if (node.Kind.IsSpecial()) return Errno.ENXIO;
                node.LookupCount++;
                file = node;
                return Errno.None;
            }
            var record = NewRecord(NodeKind.File, mode, caller, directory, new ArtifactId(LeafVersion.Empty.Id), TypeInference.LeafTypeOf(name).ToString());
            file = InsertEntry(directory, name, record, LeafVersion.Empty);
            file.LookupCount++;
            return Errno.None;
        }
    }

    /// <summary>mkdir(2); see <see cref="IVaultFileSystem.MakeDirectory"/>.</summary>
    public Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        if (Names.Validate(name) is var invalid && invalid != Errno.None) return invalid;
        return InsertNew(parent, name, directory =>
        {
            var parentType = Enum.TryParse<TreeType>(directory.Record.TypeTag, out var t) ? t : TreeType.Collection;
            var record = NewRecord(NodeKind.Directory, mode, caller, directory, VaultTree.NewTreeId(), TypeInference.TreeTypeOf(name, directory.Number == Vault.RootInode ? "" : directory.Name, parentType).ToString());
            record.LinkCount = 2;
            return record;
        }, null, out attributes);
    }

    /// <summary>mknod(2) of a special file; see <see cref="IVaultFileSystem.MakeNode"/>.</summary>
    public Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        if (Names.Validate(name) is var invalid && invalid != Errno.None) return invalid;
        if (FileModes.TryKindOf(mode) is not { } kind || SpecialType(kind) is not { } type) return Errno.EINVAL;
        return InsertNew(parent, name, directory =>
        {
            var record = NewRecord(kind, mode, caller, directory, new ArtifactId(LeafVersion.Empty.Id), type.ToString());
            record.DeviceNumber = kind is NodeKind.CharacterDevice or NodeKind.BlockDevice ? device : 0;
            return record;
        }, LeafVersion.Empty, out attributes);
    }

    /// <summary>symlink(2); see <see cref="IVaultFileSystem.SymLink"/>.</summary>
    public Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        if (Names.Validate(name) is var invalid && invalid != Errno.None) return invalid;
        if (target.Length == 0) return Errno.ENOENT;
        var bytes = NameBytes.GetBytes(target);
        if (bytes.Length > MaxLinkTargetBytes) return Errno.ENAMETOOLONG;
        // The target's blocks stay pinned until the transaction that references them has committed (InsertEntry).
        var pending = _vault.Content.Build(bytes, durable: false);
        return InsertNew(parent, name, directory =>
        {
            var record = NewRecord(NodeKind.Symlink, 0x1FF, caller, directory, new ArtifactId(pending.Version.Id), nameof(LeafType.Symlink));
            record.Size = bytes.Length;
            return record;
        }, pending.Version, out attributes, pending);
    }

    /// <summary>unlink(2); see <see cref="IVaultFileSystem.Unlink"/>.</summary>
    public Errno Unlink(ulong parent, string name)
    {
        lock (_inodes.Gate)
        {
            var check = WritableDirectory(parent, out var directory);
            if (check != Errno.None) return check;
            var children = _inodes.ChildrenOf(directory);
            if (!children.TryGet(name, out var childNumber) || _inodes.Load(childNumber) is not { } child) return Errno.ENOENT;
            if (child.Kind == NodeKind.Directory) return Errno.EISDIR;
            RemoveEntry(directory, children, name, child, child.Record.LinkCount > 0 ? child.Record.LinkCount - 1 : 0, directoryLinkDelta: 0);
            return Errno.None;
        }
    }

    /// <summary>rmdir(2); see <see cref="IVaultFileSystem.RemoveDirectory"/>.</summary>
    public Errno RemoveDirectory(ulong parent, string name)
    {
        lock (_inodes.Gate)
        {
            var check = WritableDirectory(parent, out var directory);
            if (check != Errno.None) return check;
            var children = _inodes.ChildrenOf(directory);
            if (!children.TryGet(name, out var childNumber) || _inodes.Load(childNumber) is not { } child) return Errno.ENOENT;
            if (child.Kind != NodeKind.Directory) return Errno.ENOTDIR;
            if (_inodes.ChildrenOf(child).Count > 0) return Errno.ENOTEMPTY;
            RemoveEntry(directory, children, name, child, 0, directoryLinkDelta: -1);
            return Errno.None;
        }
    }

    /// <summary>link(2); see <see cref="IVaultFileSystem.Link"/>.</summary>
    public Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes)
    {
        attributes = default;
        if (Names.Validate(newName) is var invalid && invalid != Errno.None) return invalid;
        if (VirtualTree.IsVirtual(inode)) return Errno.EPERM;
        if (SharedNodeTable.InRange(inode)) return Errno.EXDEV;
        lock (_inodes.Gate)
        {
            var check = WritableDirectory(newParent, out var directory);
            if (check != Errno.None) return check;
            var node = _inodes.LoadVaultNode(inode);
            if (node is null || node.Unlinked) return Errno.ENOENT;
            if (node.Kind == NodeKind.Directory) return Errno.EPERM;
            var children = _inodes.ChildrenOf(directory);
            if (children.TryGet(newName, out _)) return Errno.EEXIST;
            var now = _vault.ClockNs();
            var nodeRecord = node.Record.Clone();
            nodeRecord.LinkCount++;
            nodeRecord.ChangeTimeNs = now;
            var directoryRecord = Touched(directory.Record, now);
            var position = directoryRecord.NextPosition++;
            _tree.DeferTogether(() =>
            {
                _tree.Defer(node.Number, () => _tree.InsertReference(new ArtifactRef(directory.Number, newName, position, node.Number)));
                _tree.QueueNodeUpdate(nodeRecord);
                _tree.QueueNodeUpdate(directoryRecord);
            });
            children.Add(newName, position, node.Number);
            node.Record = nodeRecord;
            directory.Record = directoryRecord;
            // The node's known name becomes the newest: a temporary name linked to its final one and then unlinked
            // (git stores each object so) leaves the node a name in memory, so its path (the attention trail of its
            // release) needs no look-up of its references, which would commit the queued writes on the request thread.
            node.Parent = directory.Number;
            node.Name = newName;
            node.LookupCount++;
            attributes = _attributes.AttributesOf(node);
            return Errno.None;
        }
    }

    /// <summary>
    /// Resolves a directory that may be written to. The root and the read-only views give EACCES, /.indra gives EROFS.
    /// Caller holds the inode table's gate.
    /// </summary>
    public Errno WritableDirectory(ulong inode, out Inode directory)
    {
        directory = null!;
        if (ReadOnlyViews.Contains(inode)) return ReadOnlyViews.ErrorFor(inode);
        var node = _inodes.LoadVaultNode(inode);
        if (node is null || node.Unlinked) return Errno.ENOENT;
        if (node.Kind != NodeKind.Directory) return Errno.ENOTDIR;
        directory = node;
        return Errno.None;
    }

    /// <summary>A copy of a directory's state with mtime and ctime set to <paramref name="now"/>.</summary>
    public static VaultNode Touched(VaultNode record, long now)
    {
        var copy = record.Clone();
        copy.ModifyTimeNs = now;
        copy.ChangeTimeNs = now;
        return copy;
    }

    /// <summary>
    /// Removes the reference <paramref name="name"/> from <paramref name="directory"/> (queued for the next commit),
    /// leaving <paramref name="child"/> with <paramref name="childLinks"/> links; at zero the node is deleted once
    /// the kernel and every handle let go of it. Caller holds the inode table's gate.
    /// </summary>
    private void RemoveEntry(Inode directory, DirectoryIndex children, string name, Inode child, uint childLinks, int directoryLinkDelta)
    {
        var now = _vault.ClockNs();
        var childRecord = child.Record.Clone();
        childRecord.LinkCount = childLinks;
        childRecord.ChangeTimeNs = now;
        var directoryRecord = Touched(directory.Record, now);
        if (directoryLinkDelta != 0) directoryRecord.LinkCount = (uint)Math.Max(2, directoryRecord.LinkCount + directoryLinkDelta);
        // One unit: the reference goes with the link counts that count it. Releasing a node left without links is
        // queued after it (ReapIfDead); a crash between the two leaves an orphan, which the next open collects.
        _tree.DeferTogether(() =>
        {
            _tree.Defer(child.Number, () => _tree.DeleteReference(directory.Number, name));
            _tree.QueueNodeUpdate(childRecord);
            _tree.QueueNodeUpdate(directoryRecord);
        });
        children.Remove(name);
        child.Record = childRecord;
        directory.Record = directoryRecord;
        if (child.Parent == directory.Number && child.Name == name) child.Parent = 0;
        if (childLinks == 0)
        {
            child.Unlinked = true;
            _inodes.ReapIfDead(child);
        }
    }

    /// <summary>
    /// Adds a new node <paramref name="name"/> to the writable directory <paramref name="parent"/> (EEXIST when taken):
    /// <paramref name="newRecord"/> makes its record from the directory, <see cref="InsertEntry"/> stores it with
    /// <paramref name="content"/>, and the kernel gets one lookup reference (mkdir, symlink and mknod alike).
    /// <paramref name="pinned"/> (the built <paramref name="content"/>, when it has blocks) is disposed once the new
    /// node's rows have committed, or at once when nothing is inserted.
    /// </summary>
    private Errno InsertNew(ulong parent, string name, Func<Inode, VaultNode> newRecord, LeafVersion? content, out NodeAttributes attributes,
        PendingLeaf? pinned = null)
    {
        attributes = default;
        lock (_inodes.Gate)
        {
            var check = WritableDirectory(parent, out var directory);
            if (check == Errno.None && _inodes.ChildrenOf(directory).TryGet(name, out _)) check = Errno.EEXIST;
            if (check != Errno.None)
            {
                pinned?.Dispose();
                return check;
            }
            var child = InsertEntry(directory, name, newRecord(directory), content, pinned);
            child.LookupCount++;
            attributes = _attributes.AttributesOf(child);
            return Errno.None;
        }
    }

    /// <summary>The leaf type a new special file of <paramref name="kind"/> is tagged with, or null when it is not one.</summary>
    private static LeafType? SpecialType(NodeKind kind) => kind switch
    {
        NodeKind.Fifo => LeafType.Fifo,
        NodeKind.Socket => LeafType.Socket,
        NodeKind.CharacterDevice => LeafType.CharacterDevice,
        NodeKind.BlockDevice => LeafType.BlockDevice,
        _ => null,
    };

    /// <summary>A new node's state: owner from the caller, group from a setgid directory, times now.</summary>
    private VaultNode NewRecord(NodeKind kind, uint mode, CallerContext caller, Inode directory, ArtifactId artifact, string typeTag)
    {
        var now = _vault.ClockNs();
        var inheritGroup = (directory.Record.Mode & SetGroupId) != 0;
        var permissions = mode & FileModes.PermissionMask;
        if (inheritGroup && kind == NodeKind.Directory) permissions |= SetGroupId;
        return VaultNode.New(kind, permissions, caller.Uid, inheritGroup ? directory.Record.Gid : caller.Gid, now, artifact, typeTag);
    }

    /// <summary>
    /// Queues the storing of a new node and its reference in <paramref name="directory"/> (taking a reference on
    /// <paramref name="content"/> for files and symlinks) and loads it. Caller holds the inode table's gate.
    /// </summary>
    /// <remarks><paramref name="pinned"/>, the pending version of <paramref name="content"/> when it has blocks (a
    /// symlink's target), is disposed (its blocks unpinned) once the transaction holding the new rows has committed.</remarks>
    private Inode InsertEntry(Inode directory, string name, VaultNode record, LeafVersion? content, PendingLeaf? pinned = null)
    {
        var directoryRecord = Touched(directory.Record, record.BirthTimeNs);
        if (record.IsTree) directoryRecord.LinkCount++;
        var position = directoryRecord.NextPosition++;
        record.Inode = _tree.AllocateInode();
        // The new node joins the queue of tree writes and lands with the next commit (one transaction per saved file,
        // not one per new entry), the directory's row (next position, link count, times) with it. A symlink's target
        // block was queued before (an inline block row lands ahead of the leaf that names it) and stays pinned until
        // this commits, so no concurrent release can delete it meanwhile.
        _tree.DeferTogether(() =>
        {
            _tree.Defer(record.Inode, () =>
            {
                if (content is not null) _tree.InsertLeaf(record, content);
                else _tree.InsertNode(record);
                _tree.InsertReference(new ArtifactRef(directory.Number, name, position, record.Inode));
                if (pinned is not null) _tree.AfterCommit(pinned.Dispose);
            });
            _tree.QueueNodeUpdate(directoryRecord);
        });
        directory.Record = directoryRecord;
        var child = new Inode(record) { Parent = directory.Number, Name = name, Content = content };
        if (record.IsTree) child.Children = new DirectoryIndex();
        _inodes.Add(child);
        _inodes.ChildrenOf(directory).Add(name, position, record.Inode);
        return child;
    }
}

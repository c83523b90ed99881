using Indra.Engine.Vaults;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Virtual;
using Indra.Storage.Metadata;

namespace Indra.FileSystem;

public sealed partial class VaultFileSystem
{
    /// <inheritdoc/>
    public Errno GetAttributes(ulong inode, out NodeAttributes attributes)
    {
        attributes = default;
        try
        {
            if (VirtualTree.Get(inode) is { } virtualNode)
            {
                attributes = AttributesOf(virtualNode);
                return Errno.None;
            }
            if (SharedNodeTable.InRange(inode)) return _sharedNodes.Get(inode) is { } shared ? SharedAttributes(shared, out attributes) : Errno.ENOENT;
            var node = LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            lock (_tree)
            {
                attributes = AttributesOf(node);
            }
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"getattr {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        try
        {
            if (VirtualTree.IsVirtual(inode) || SharedNodeTable.InRange(inode)) return ReadOnlyError(inode);
            var node = LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            var fields = request.Fields;
            if ((fields & SetAttributeFields.Size) != 0)
            {
                if (node.Kind == EntryKind.Directory) return Errno.EISDIR;
                // truncate(2) of anything but a regular file is EINVAL; the kernel says so before asking (do_truncate).
                if (node.Kind == EntryKind.Symlink || node.Kind.IsSpecial()) return Errno.EINVAL;
                if (request.Size < 0) return Errno.EINVAL;
                var truncated = Truncate(node, request.Size);
                if (truncated != Errno.None) return truncated;
            }
            var now = Now();
            lock (_tree)
            {
                var record = node.Record;
                if ((fields & SetAttributeFields.Mode) != 0) record.Mode = request.Mode & FileModes.PermissionMask;
                if ((fields & SetAttributeFields.Uid) != 0) record.Uid = request.Uid;
                if ((fields & SetAttributeFields.Gid) != 0) record.Gid = request.Gid;
                if ((fields & SetAttributeFields.AccessTimeNow) != 0) record.AccessTimeNs = now;
                else if ((fields & SetAttributeFields.AccessTime) != 0) record.AccessTimeNs = request.AccessTimeNs;
                if ((fields & SetAttributeFields.ModifyTimeNow) != 0) record.ModifyTimeNs = now;
                else if ((fields & SetAttributeFields.ModifyTime) != 0) record.ModifyTimeNs = request.ModifyTimeNs;
                record.ChangeTimeNs = now;
                if (node.Staged is null)
                {
                    _metadata.DeferNodeUpdate(record);
                }
                attributes = AttributesOf(node);
            }
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"setattr {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno ReadLink(ulong inode, out string target)
    {
        target = "";
        try
        {
            var node = LoadVaultNode(inode);
            if (node is null) return VirtualTree.IsVirtual(inode) || _sharedNodes.Get(inode) is not null ? Errno.EINVAL : Errno.ENOENT;
            if (node.Kind != EntryKind.Symlink) return Errno.EINVAL;
            var content = ContentOf(node);
            var bytes = new byte[content.Size];
            _vault.Content.Read(content, 0, bytes);
            target = NameBytes.Decode(bytes);
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"readlink {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno GetStatistics(out FileSystemStatistics statistics)
    {
        statistics = default;
        try
        {
            const ulong blockSize = 4096;
            var (leaves, trees) = _metadata.CountNodes();
            var nodes = (ulong)(leaves + trees);
            ulong total = 0, free = 0, available = 0;
            var where = _vault.Directory ?? Path.GetTempPath();
            var drive = new DriveInfo(where);
            total = (ulong)drive.TotalSize / blockSize;
            free = (ulong)drive.TotalFreeSpace / blockSize;
            available = (ulong)drive.AvailableFreeSpace / blockSize;
            const ulong freeInodes = 1UL << 32;
            statistics = new FileSystemStatistics(blockSize, total, free, available, nodes + freeInodes, freeInodes, Names.MaxBytes);
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, "statfs");
        }
    }

    /// <summary>POSIX attributes of a loaded vault node. Caller holds <see cref="_tree"/>.</summary>
    private NodeAttributes AttributesOf(Inode node)
    {
        var r = node.Record;
        var kind = Kinds.ToNodeKind(r.Kind);
        return new NodeAttributes
        {
            Inode = (ulong)r.Inode,
            Generation = 1,
            Mode = FileModes.TypeBits(kind) | (r.Mode & FileModes.PermissionMask),
            LinkCount = node.Unlinked && kind != NodeKind.Directory ? 0 : r.LinkCount,
            Uid = r.Uid,
            Gid = r.Gid,
            Size = node.Staged?.Size ?? r.Size,
            AccessTimeNs = r.AccessTimeNs,
            ModifyTimeNs = r.ModifyTimeNs,
            ChangeTimeNs = r.ChangeTimeNs,
            BirthTimeNs = r.BirthTimeNs,
            StoredBytes = StoredBytesOf(node),
            DeviceNumber = r.DeviceNumber,
        };
    }

    /// <summary>
    /// Bytes a file's content occupies (st_blocks): holes count nothing. Files of one block are never sparse; larger
    /// ones load their block list (once per inode) to count.
    /// </summary>
    private long? StoredBytesOf(Inode node)
    {
        if (node.Kind != EntryKind.File) return null;
        if (node.Staged is { } staged) return staged.StoredBytes;
        if (node.Content is { } loaded && loaded.Id == node.Record.ArtifactId) return loaded.StoredBytes;
        if (node.Record.Size <= _vault.BlockSize) return null;
        return ContentOf(node).StoredBytes;
    }

    /// <summary>Attributes of a virtual node: folders 0555 owned like /vault, generated files 0444 sized by generating them.</summary>
    private NodeAttributes AttributesOf(VirtualNode node)
    {
        NodeRecord root;
        lock (_tree)
        {
            root = Load(Vault.RootInode)!.Record;
        }
        var size = node.IsDirectory ? 0 : _metaFiles.Generate(node.Name).LongLength;
        var now = Now();
        return new NodeAttributes
        {
            Inode = node.Inode,
            Generation = 1,
            Mode = node.IsDirectory ? FileModes.Directory | (node.Inode == ReservedInodes.Root ? 0x1EDu : 0x16Du) : FileModes.Regular | 0x124u,
            LinkCount = node.IsDirectory ? (uint)(2 + VirtualTree.Children(node.Inode).Count(c => c.IsDirectory)) : 1,
            Uid = root.Uid,
            Gid = root.Gid,
            Size = size,
            AccessTimeNs = now,
            ModifyTimeNs = node.IsDirectory ? root.BirthTimeNs : now,
            ChangeTimeNs = node.IsDirectory ? root.BirthTimeNs : now,
            BirthTimeNs = root.BirthTimeNs,
        };
    }
}

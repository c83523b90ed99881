using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Staging;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// POSIX attributes of vault nodes: getattr (<see cref="AttributesOf"/>), setattr (chmod, chown, truncate, utimens;
/// with the set-ID rule for chown and a kernel-marked truncate), relatime access times and change times.
/// </summary>
internal sealed class VaultAttributes
{
    /// <summary>One day in nanoseconds: relatime's longest wait between access-time updates.</summary>
    private const long RelatimeWindowNs = 24L * 3600 * 1_000_000_000;

    private readonly InodeTable _inodes;
    private readonly Vault _vault;
    private readonly VaultTree _tree;
    private readonly WritePath _writes;

    public VaultAttributes(InodeTable inodes, Vault vault, WritePath writes)
    {
        _inodes = inodes;
        _vault = vault;
        _tree = vault.Tree;
        _writes = writes;
    }

    /// <summary>The attributes of vault node <paramref name="inode"/>.</summary>
    /// <returns>ENOENT.</returns>
    public Errno Get(ulong inode, out NodeAttributes attributes)
    {
        attributes = default;
        if (!InodeTable.IsVaultNode(inode)) return Errno.ENOENT;
        lock (_inodes.Gate)
        {
            var node = _inodes.Load((long)inode);
            if (node is null) return Errno.ENOENT;
            attributes = AttributesOf(node);
        }
        return Errno.None;
    }

    /// <summary>Applies a setattr to vault node <paramref name="inode"/>; see <see cref="IVaultFileSystem.SetAttributes"/>.</summary>
    public Errno Set(ulong inode, in SetAttributesRequest request, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        var node = _inodes.LoadVaultNode(inode);
        if (node is null) return Errno.ENOENT;
        var fields = request.Fields;
        if ((fields & SetAttributeFields.Size) != 0)
        {
            if (node.Kind == NodeKind.Directory) return Errno.EISDIR;
            // truncate(2) of anything but a regular file is EINVAL; the kernel says so before asking (do_truncate).
            if (node.Kind == NodeKind.Symlink || node.Kind.IsSpecial()) return Errno.EINVAL;
            if (request.Size < 0) return Errno.EINVAL;
            // The set-ID bits follow the kernel's mark (KillSetUserId), applied below with the other fields.
            var truncated = _writes.Truncate(node, request.Size, writer: null);
            if (truncated != Errno.None) return truncated;
        }
        var now = _vault.ClockNs();
        lock (_inodes.Gate)
        {
            var record = node.Record;
            if ((fields & SetAttributeFields.Mode) != 0) record.Mode = request.Mode & FileModes.PermissionMask;
            else record.Mode = SetIdRule.AfterSetAttributes(record.Mode, record.Gid, record.IsTree, fields, caller);
            if ((fields & SetAttributeFields.Uid) != 0) record.Uid = request.Uid;
            if ((fields & SetAttributeFields.Gid) != 0) record.Gid = request.Gid;
            if ((fields & SetAttributeFields.AccessTimeNow) != 0) record.AccessTimeNs = now;
            else if ((fields & SetAttributeFields.AccessTime) != 0) record.AccessTimeNs = request.AccessTimeNs;
            if ((fields & SetAttributeFields.ModifyTimeNow) != 0) record.ModifyTimeNs = now;
            else if ((fields & SetAttributeFields.ModifyTime) != 0) record.ModifyTimeNs = request.ModifyTimeNs;
            record.ChangeTimeNs = now;
            // Staged writes save the record with their commit; otherwise (a closed file truncated and committed at
            // once keeps a clean staging area) it is queued now.
            if (node.Staged is not { IsDirty: true })
            {
                _tree.QueueNodeUpdate(record);
            }
            attributes = AttributesOf(node);
        }
        return Errno.None;
    }

    /// <summary>POSIX attributes of a loaded vault node. Caller holds the inode table's gate.</summary>
    public NodeAttributes AttributesOf(Inode node)
    {
        var r = node.Record;
        var kind = r.Kind;
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

    /// <summary>The attributes of the vault root (/vault), which the generated and shared nodes take owner and birth time from.</summary>
    public NodeAttributes Root()
    {
        lock (_inodes.Gate)
        {
            return AttributesOf(_inodes.Root);
        }
    }

    /// <summary>
    /// A read or listing: the access time moves as Linux's default <c>relatime</c> mount option moves it (mount(8)):
    /// when it is not later than the modification or change time, or is more than a day old. The kernel leaves atime
    /// of FUSE inodes to the filesystem.
    /// </summary>
    public void TouchAccess(Inode node)
    {
        lock (_inodes.Gate)
        {
            var record = node.Record;
            var now = _vault.ClockNs();
            if (record.AccessTimeNs > record.ModifyTimeNs && record.AccessTimeNs > record.ChangeTimeNs && now - record.AccessTimeNs < RelatimeWindowNs) return;
            record = record.Clone();
            record.AccessTimeNs = now;
            node.Record = record;
            _tree.QueueNodeUpdate(record);
        }
    }

    /// <summary>A change of metadata only (extended attributes): the change time moves.</summary>
    public void TouchChange(Inode node)
    {
        lock (_inodes.Gate)
        {
            node.Record.ChangeTimeNs = _vault.ClockNs();
            if (node.Staged is not { IsDirty: true })
            {
                _tree.QueueNodeUpdate(node.Record);
            }
        }
    }

    /// <summary>
    /// Bytes a file's content occupies (st_blocks): holes count nothing. Files of one block are never sparse; larger
    /// ones load their block list (once per inode) to count.
    /// </summary>
    private long? StoredBytesOf(Inode node)
    {
        if (node.Kind != NodeKind.File) return null;
        if (node.Staged is { } staged) return staged.StoredBytes;
        if (node.Content is { } loaded && loaded.Id == node.Record.ArtifactId.Hash) return loaded.StoredBytes;
        if (node.Record.Size <= _vault.BlockSize) return null;
        return node.Committed(_vault.Content).StoredBytes;
    }
}

using System.Globalization;
using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Staging;
using Indra.FileSystem.Virtual;

namespace Indra.FileSystem.Xattrs;

/// <summary>
/// Extended attributes of vault nodes: the generated <c>user.indra.*</c> catalogue (id, heat, steward, tree and leaf
/// type; read-only except a directory's tree type) and the stored <c>user.*</c> attributes, with Linux's bounds.
/// </summary>
internal sealed class XattrCatalogue
{
    internal const string IdName = IndraXattrNames.Id;
    internal const string HeatName = IndraXattrNames.Heat;
    internal const string StewardName = IndraXattrNames.Steward;
    internal const string TreeTypeName = IndraXattrNames.TreeType;
    internal const string LeafTypeName = IndraXattrNames.LeafType;
    internal const string AccessModeName = IndraXattrNames.AccessMode;

    private readonly InodeTable _inodes;
    private readonly Vault _vault;
    private readonly VaultTree _tree;
    private readonly WritePath _writes;
    private readonly VaultAttributes _attributes;

    public XattrCatalogue(InodeTable inodes, Vault vault, WritePath writes, VaultAttributes attributes)
    {
        _inodes = inodes;
        _vault = vault;
        _tree = vault.Tree;
        _writes = writes;
        _attributes = attributes;
    }

    /// <summary>setxattr(2) on a vault node; see <see cref="IVaultFileSystem.SetExtendedAttribute"/>.</summary>
    /// <remarks>Generated <c>user.indra.*</c> attributes accept only their current value (so copies made with
    /// <c>cp -a</c> inside the mount work); <c>user.indra.tree_type</c> on a directory can be changed. Bounds, with
    /// Linux's answers: a name over <see cref="VaultFileSystem.MaxXattrNameBytes"/> is ERANGE, a value over
    /// <see cref="VaultFileSystem.MaxXattrSize"/> E2BIG; per node, names past <see cref="VaultFileSystem.MaxXattrListBytes"/> or values past
    /// <see cref="VaultFileSystem.MaxXattrValueBytesPerNode"/> are ENOSPC.</remarks>
    public Errno Set(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags)
    {
        if (NameOutOfRange(name)) return Errno.ERANGE;
        if (value.Length > VaultFileSystem.MaxXattrSize) return Errno.E2BIG;
        if (!IsUserNamespace(name)) return Errno.EOPNOTSUPP;
        if (ReadOnlyViews.Contains(inode)) return ReadOnlyViews.ErrorFor(inode);
        var node = _inodes.LoadVaultNode(inode);
        if (node is null) return Errno.ENOENT;
        if (name == TreeTypeName && node.Kind == NodeKind.Directory) return SetTreeType(node, value);
        if (name.StartsWith("user.indra.", StringComparison.Ordinal))
        {
            // Copying tools (cp -a, rsync -X) copy every listed attribute: writing back the value an attribute
            // already has is accepted, anything else would be a lie about the artifact.
            return Generated(node, name) is { } current && value.SequenceEqual(Encoding.UTF8.GetBytes(current)) ? Errno.None : Errno.EPERM;
        }
        var exists = _tree.GetXattr(node.Number, name) is not null;
        if ((flags & XattrFlags.Create) != 0 && exists) return Errno.EEXIST;
        if ((flags & XattrFlags.Replace) != 0 && !exists) return Errno.ENODATA;
        var (otherNames, otherValues) = _tree.XattrUsage(node.Number, name);
        var listBytes = ListedGenerated(node.Kind).Sum(n => n.Length + 1) + otherNames + NameBytes.ByteCount(name) + 1;
        if (listBytes > VaultFileSystem.MaxXattrListBytes || otherValues + value.Length > VaultFileSystem.MaxXattrValueBytesPerNode) return Errno.ENOSPC;
        _tree.SetXattr(node.Number, name, value.ToArray());
        _attributes.TouchChange(node);
        return Errno.None;
    }

    /// <summary>getxattr(2) on a vault node: a generated value or a stored one.</summary>
    /// <remarks>A name outside <c>user.</c> is EOPNOTSUPP, as on a filesystem mounted without ACL or security-label
    /// support: <c>ls -l</c> then records the mount as having neither and stops asking for
    /// <c>security.selinux</c> and <c>system.posix_acl_access</c> on every entry (two round trips per file).</remarks>
    public Errno Get(ulong inode, string name, out byte[] value)
    {
        value = [];
        var node = _inodes.LoadVaultNode(inode);
        if (node is null) return Errno.ENOENT;
        var generated = Generated(node, name);
        // A file with large holes has a provisional id until its holes are hashed (LeafIdResolver): say "try again".
        if (name == IdName && generated is not null && _vault.Content.IsProvisional(node.Record.ArtifactId.Hash)) return Errno.EAGAIN;
        if (generated is not null)
        {
            value = Encoding.UTF8.GetBytes(generated);
            return Errno.None;
        }
        var stored = _tree.GetXattr(node.Number, name);
        if (stored is null) return Errno.ENODATA;
        value = stored;
        return Errno.None;
    }

    /// <summary>listxattr(2) on a vault node: the generated names a copy can write back, then the stored ones.</summary>
    public Errno List(ulong inode, out IReadOnlyList<string> names)
    {
        names = [];
        var node = _inodes.LoadVaultNode(inode);
        if (node is null) return Errno.ENOENT;
        // Listed are only the generated attributes a copy can write back unchanged (cp -a and rsync -X copy every
        // listed name): heat changes with every open and a folder's tree id is its own, so both are readable by
        // name only; Linux allows no user.* attributes on symbolic links and special files at all (xattr(7); the
        // kernel answers ENODATA/EPERM for them before asking, so nothing is listed that could not be read); a
        // file whose id is still provisional leaves its id out.
        var list = new List<string>(ListedGenerated(node.Kind));
        if (node.Kind == NodeKind.File && _vault.Content.IsProvisional(node.Record.ArtifactId.Hash)) list.Remove(IdName);
        list.AddRange(_tree.ListXattrs(node.Number));
        names = list;
        return Errno.None;
    }

    /// <summary>removexattr(2) on a vault node (generated names are EPERM).</summary>
    public Errno Remove(ulong inode, string name)
    {
        if (CheckName(name) is var invalid && invalid != Errno.None) return invalid;
        if (ReadOnlyViews.Contains(inode)) return ReadOnlyViews.ErrorFor(inode);
        var node = _inodes.LoadVaultNode(inode);
        if (node is null) return Errno.ENOENT;
        if (name.StartsWith("user.indra.", StringComparison.Ordinal)) return Errno.EPERM;
        if (!_tree.RemoveXattr(node.Number, name)) return Errno.ENODATA;
        _attributes.TouchChange(node);
        return Errno.None;
    }

    /// <summary>ERANGE for a name Linux refuses, EOPNOTSUPP outside <c>user.</c>, else <see cref="Errno.None"/>: the
    /// first checks of every xattr request, whatever the node.</summary>
    public static Errno CheckName(string name) => NameOutOfRange(name) ? Errno.ERANGE : IsUserNamespace(name) ? Errno.None : Errno.EOPNOTSUPP;

    /// <summary>Only the <c>user.</c> namespace is stored: no POSIX ACLs (<c>system.</c>), security labels or
    /// capabilities (<c>security.</c>) or <c>trusted.</c> attributes; those calls are EOPNOTSUPP (xattr(7)).</summary>
    private static bool IsUserNamespace(string name) => name.StartsWith("user.", StringComparison.Ordinal);

    /// <summary>True for a name Linux refuses with ERANGE: empty, or over <see cref="VaultFileSystem.MaxXattrNameBytes"/> bytes.</summary>
    private static bool NameOutOfRange(string name) => name.Length == 0 || NameBytes.ByteCount(name) > VaultFileSystem.MaxXattrNameBytes;

    /// <summary>
    /// The generated names listxattr(2) shows for a node of <paramref name="kind"/>: only those a copy can write back
    /// unchanged (cp -a and rsync -X copy every listed name): heat changes with every open and a folder's tree id is
    /// its own, so both are readable by name only; Linux allows no user.* attributes on symbolic links at all.
    /// </summary>
    private static string[] ListedGenerated(NodeKind kind) => kind switch
    {
        NodeKind.Directory => [StewardName, TreeTypeName],
        NodeKind.File => [IdName, StewardName, LeafTypeName],
        _ => [],
    };

    /// <summary>The value of a generated user.indra.* attribute, or null when <paramref name="name"/> is not one.</summary>
    private string? Generated(Inode node, string name)
    {
        switch (name)
        {
            case IdName:
                if (node.Kind != NodeKind.Directory) _writes.Commit(node, durable: false);
                return node.Record.ArtifactId.ToString();
            case HeatName:
                return HeatOf(node).ToString("0.####", CultureInfo.InvariantCulture);
            case StewardName:
                return _vault.Player.ToString();
            case TreeTypeName when node.Kind == NodeKind.Directory:
            case LeafTypeName when node.Kind != NodeKind.Directory:
                return node.Record.TypeTag;
            default:
                return null;
        }
    }

    /// <summary>The node's heat, summed up by the store over its own events only (never the whole history).</summary>
    private double HeatOf(Inode node) => _vault.Attention.HeatOf(node.Number);

    private Errno SetTreeType(Inode node, ReadOnlySpan<byte> value)
    {
        if (node.Kind != NodeKind.Directory) return Errno.EINVAL;
        if (!Enum.TryParse<TreeType>(Encoding.UTF8.GetString(value).Trim(), ignoreCase: true, out var type) || !Enum.IsDefined(type)) return Errno.EINVAL;
        lock (_inodes.Gate)
        {
            var record = node.Record.Clone();
            record.TypeTag = type.ToString();
            record.ChangeTimeNs = _vault.ClockNs();
            _tree.QueueNodeUpdate(record);
            node.Record = record;
        }
        return Errno.None;
    }
}

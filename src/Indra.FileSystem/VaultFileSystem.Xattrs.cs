using System.Globalization;
using System.Text;
using Indra.Engine.Domain;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Virtual;
using Indra.Storage.Metadata;

namespace Indra.FileSystem;

public sealed partial class VaultFileSystem
{
    /// <summary>Largest extended attribute value in bytes (Linux XATTR_SIZE_MAX): E2BIG beyond.</summary>
    public const int MaxXattrSize = 65536;

    /// <summary>Longest extended attribute name in bytes of UTF-8, prefix included (XATTR_NAME_MAX): ERANGE beyond.</summary>
    public const int MaxXattrNameBytes = 255;

    /// <summary>
    /// Longest name list one node's listxattr(2) returns, in bytes with a NUL after each name (XATTR_LIST_MAX, the
    /// largest list Linux passes on): a setxattr that would make it longer is ENOSPC, so listing always works.
    /// </summary>
    public const int MaxXattrListBytes = 65536;

    /// <summary>Most bytes of stored attribute values one node holds (1 MiB): a setxattr beyond is ENOSPC.</summary>
    public const int MaxXattrValueBytesPerNode = 1 << 20;

    private const string IdName = "user.indra.id";
    private const string HeatName = "user.indra.heat";
    private const string StewardName = "user.indra.steward";
    private const string TreeTypeName = "user.indra.tree_type";
    private const string LeafTypeName = "user.indra.leaf_type";
    private const string AccessModeName = "user.indra.access_mode";

    /// <inheritdoc/>
    /// <remarks>Generated <c>user.indra.*</c> attributes accept only their current value (so copies made with
    /// <c>cp -a</c> inside the mount work); <c>user.indra.tree_type</c> on a directory can be changed. Bounds, with
    /// Linux's answers: a name over <see cref="MaxXattrNameBytes"/> is ERANGE, a value over
    /// <see cref="MaxXattrSize"/> E2BIG; per node, names past <see cref="MaxXattrListBytes"/> or values past
    /// <see cref="MaxXattrValueBytesPerNode"/> are ENOSPC.</remarks>
    public Errno SetExtendedAttribute(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags)
    {
        try
        {
            if (NameOutOfRange(name)) return Errno.ERANGE;
            if (value.Length > MaxXattrSize) return Errno.E2BIG;
            if (!IsUserNamespace(name)) return Errno.EOPNOTSUPP;
            if (VirtualTree.IsVirtual(inode) || SharedNodeTable.InRange(inode)) return ReadOnlyError(inode);
            var node = LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            if (name == TreeTypeName && node.Kind == EntryKind.Directory) return SetTreeType(node, value);
            if (name.StartsWith("user.indra.", StringComparison.Ordinal))
            {
                // Copying tools (cp -a, rsync -X) copy every listed attribute: writing back the value an attribute
                // already has is accepted, anything else would be a lie about the artifact.
                return Generated(node, name) is { } current && value.SequenceEqual(Encoding.UTF8.GetBytes(current)) ? Errno.None : Errno.EPERM;
            }
            var exists = _metadata.GetXattr(node.Number, name) is not null;
            if ((flags & XattrFlags.Create) != 0 && exists) return Errno.EEXIST;
            if ((flags & XattrFlags.Replace) != 0 && !exists) return Errno.ENODATA;
            var (otherNames, otherValues) = _metadata.XattrUsage(node.Number, name);
            var listBytes = ListedGenerated(node.Kind).Sum(n => n.Length + 1) + otherNames + NameBytes.ByteCount(name) + 1;
            if (listBytes > MaxXattrListBytes || otherValues + value.Length > MaxXattrValueBytesPerNode) return Errno.ENOSPC;
            _metadata.SetXattr(node.Number, name, value.ToArray());
            TouchChange(node);
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"setxattr {inode} {name}");
        }
    }

    /// <inheritdoc/>
    /// <remarks>A name outside <c>user.</c> is EOPNOTSUPP, as on a filesystem mounted without ACL or security-label
    /// support: <c>ls -l</c> then records the mount as having neither and stops asking for
    /// <c>security.selinux</c> and <c>system.posix_acl_access</c> on every entry (two round trips per file).</remarks>
    public Errno GetExtendedAttribute(ulong inode, string name, out byte[] value)
    {
        value = [];
        try
        {
            if (NameOutOfRange(name)) return Errno.ERANGE;
            if (!IsUserNamespace(name)) return Errno.EOPNOTSUPP;
            if (VirtualTree.IsVirtual(inode)) return Errno.ENODATA;
            if (SharedNodeTable.InRange(inode)) return _sharedNodes.Get(inode) is { } shared ? SharedXattr(shared, name, out value) : Errno.ENOENT;
            var node = LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            var generated = Generated(node, name);
            // A file with large holes has a provisional id until its holes are hashed (LeafIdResolver): say "try again".
            if (name == IdName && generated is not null && _vault.Content.IsProvisional(node.Record.ArtifactId)) return Errno.EAGAIN;
            if (generated is not null)
            {
                value = Encoding.UTF8.GetBytes(generated);
                return Errno.None;
            }
            var stored = _metadata.GetXattr(node.Number, name);
            if (stored is null) return Errno.ENODATA;
            value = stored;
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"getxattr {inode} {name}");
        }
    }

    /// <inheritdoc/>
    public Errno ListExtendedAttributes(ulong inode, out IReadOnlyList<string> names)
    {
        names = [];
        try
        {
            if (VirtualTree.IsVirtual(inode)) return Errno.None;
            if (SharedNodeTable.InRange(inode))
            {
                names = _sharedNodes.Get(inode) is { Path.Length: > 0 } ? [IdName, AccessModeName, StewardName] : [];
                return Errno.None;
            }
            var node = LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            // Listed are only the generated attributes a copy can write back unchanged (cp -a and rsync -X copy every
            // listed name): heat changes with every open and a folder's tree id is its own, so both are readable by
            // name only; Linux allows no user.* attributes on symbolic links and special files at all (xattr(7); the
            // kernel answers ENODATA/EPERM for them before asking, so nothing is listed that could not be read); a
            // file whose id is still provisional leaves its id out.
            var list = new List<string>(ListedGenerated(node.Kind));
            if (node.Kind == EntryKind.File && _vault.Content.IsProvisional(node.Record.ArtifactId)) list.Remove(IdName);
            list.AddRange(_metadata.ListXattrs(node.Number));
            names = list;
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"listxattr {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno RemoveExtendedAttribute(ulong inode, string name)
    {
        try
        {
            if (NameOutOfRange(name)) return Errno.ERANGE;
            if (!IsUserNamespace(name)) return Errno.EOPNOTSUPP;
            if (VirtualTree.IsVirtual(inode) || SharedNodeTable.InRange(inode)) return ReadOnlyError(inode);
            var node = LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            if (name.StartsWith("user.indra.", StringComparison.Ordinal)) return Errno.EPERM;
            if (!_metadata.RemoveXattr(node.Number, name)) return Errno.ENODATA;
            TouchChange(node);
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"removexattr {inode} {name}");
        }
    }

    /// <summary>Only the <c>user.</c> namespace is stored: no POSIX ACLs (<c>system.</c>), security labels or
    /// capabilities (<c>security.</c>) or <c>trusted.</c> attributes; those calls are EOPNOTSUPP (xattr(7)).</summary>
    private static bool IsUserNamespace(string name) => name.StartsWith("user.", StringComparison.Ordinal);

    /// <summary>True for a name Linux refuses with ERANGE: empty, or over <see cref="MaxXattrNameBytes"/> bytes.</summary>
    private static bool NameOutOfRange(string name) => name.Length == 0 || NameBytes.ByteCount(name) > MaxXattrNameBytes;

    /// <summary>
    /// The generated names listxattr(2) shows for a node of <paramref name="kind"/>: only those a copy can write back
    /// unchanged (cp -a and rsync -X copy every listed name): heat changes with every open and a folder's tree id is
    /// its own, so both are readable by name only; Linux allows no user.* attributes on symbolic links at all.
    /// </summary>
    private static string[] ListedGenerated(EntryKind kind) => kind switch
    {
        EntryKind.Directory => [StewardName, TreeTypeName],
        EntryKind.File => [IdName, StewardName, LeafTypeName],
        _ => [],
    };

    /// <summary>The value of a generated user.indra.* attribute, or null when <paramref name="name"/> is not one.</summary>
    private string? Generated(Inode node, string name)
    {
        switch (name)
        {
            case IdName:
                if (node.Kind != EntryKind.Directory) Commit(node, durable: false);
                return node.Record.ArtifactId.ToString();
            case HeatName:
                return HeatOf(node).ToString("0.####", CultureInfo.InvariantCulture);
            case StewardName:
                return _vault.PlayerId.ToString();
            case TreeTypeName when node.Kind == EntryKind.Directory:
            case LeafTypeName when node.Kind != EntryKind.Directory:
                return node.Record.TypeTag;
            default:
                return null;
        }
    }

    /// <summary>The node's heat, read from its row of the heat aggregate (never the event history).</summary>
    private double HeatOf(Inode node) => _vault.Attention.HeatOf(node.Number);

    private Errno SetTreeType(Inode node, ReadOnlySpan<byte> value)
    {
        if (node.Kind != EntryKind.Directory) return Errno.EINVAL;
        if (!Enum.TryParse<TreeType>(Encoding.UTF8.GetString(value).Trim(), ignoreCase: true, out var type) || !Enum.IsDefined(type)) return Errno.EINVAL;
        lock (_tree)
        {
            var record = node.Record.Clone();
            record.TypeTag = type.ToString();
            record.ChangeTimeNs = Now();
            _metadata.DeferNodeUpdate(record);
            node.Record = record;
        }
        return Errno.None;
    }

    private void TouchChange(Inode node)
    {
        lock (_tree)
        {
            node.Record.ChangeTimeNs = Now();
            if (node.Staged is null)
            {
                _metadata.DeferNodeUpdate(node.Record);
            }
        }
    }
}

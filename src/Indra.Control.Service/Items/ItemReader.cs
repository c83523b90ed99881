using System.Globalization;
using System.Text;
using Indra.Control.Model;
using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Control.Service.Items;

/// <summary>
/// Builds a <see cref="VaultItem"/> from a node's attributes and the <c>user.indra.*</c> extended attributes the
/// filesystem generates for it, so the API shows exactly what <c>getfattr</c> shows on the mount.
/// </summary>
internal static class ItemReader
{

    /// <summary>The item at <paramref name="path"/>, inode <paramref name="inode"/> with <paramref name="attributes"/>.</summary>
    public static VaultItem Read(IVaultFileSystem fileSystem, ControlPath path, ulong inode, in NodeAttributes attributes)
    {
        var kind = attributes.Kind;
        var isDirectory = kind == NodeKind.Directory;
        string? target = null;
        if (kind == NodeKind.Symlink && fileSystem.ReadLink(inode, out var link) == Errno.None) target = link;
        return new VaultItem(
            path.Text,
            path.Name,
            kind,
            Xattr(fileSystem, inode, IndraXattrNames.Id) ?? "",
            attributes.Size,
            FromNanoseconds(attributes.ModifyTimeNs),
            (int)(attributes.Mode & FileModes.PermissionMask),
            Xattr(fileSystem, inode, IndraXattrNames.Steward) ?? "",
            isDirectory ? null : ParseEnum<LeafType>(Xattr(fileSystem, inode, IndraXattrNames.LeafType)),
            isDirectory ? ParseEnum<TreeType>(Xattr(fileSystem, inode, IndraXattrNames.TreeType)) : null,
            path.IsShared ? ParseEnum<AccessMode>(Xattr(fileSystem, inode, IndraXattrNames.AccessMode)) : null,
            double.TryParse(Xattr(fileSystem, inode, IndraXattrNames.Heat), NumberStyles.Float, CultureInfo.InvariantCulture, out var heat) ? heat : 0,
            path.IsShared,
            target);
    }

    /// <summary>UTC time of <paramref name="ns"/> nanoseconds since the Unix epoch.</summary>
    public static DateTimeOffset FromNanoseconds(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    /// <summary>A generated attribute's value, or null when the node has none, or none yet: a file with large holes
    /// whose id is still being hashed answers EAGAIN, as getxattr on the mount does, and its item carries an empty
    /// <see cref="VaultItem.Id"/> until the id is known (a request never waits for that hashing).</summary>
    private static string? Xattr(IVaultFileSystem fileSystem, ulong inode, string name) =>
        fileSystem.GetExtendedAttribute(inode, name, out var value) == Errno.None ? Encoding.UTF8.GetString(value) : null;

    private static T? ParseEnum<T>(string? text) where T : struct, Enum =>
        text is not null && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
}

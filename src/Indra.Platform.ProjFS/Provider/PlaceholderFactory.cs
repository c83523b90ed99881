using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Turns vault attributes into ProjFS metadata: sizes, FILETIMEs, FILE_ATTRIBUTE_READONLY for nodes without any
/// write permission bit (peers\, realms\, .indra\), and a content id made from the node's artifact id (the
/// <c>user.indra.id</c> extended attribute) as <see cref="IndraContentId"/> describes.
/// </summary>
internal sealed class PlaceholderFactory
{
    /// <summary>The extended attribute holding a node's artifact id (hex BLAKE3).</summary>
    public const string ArtifactIdAttribute = "user.indra.id";

    private const uint AnyWriteBits = 0x92; // S_IWUSR | S_IWGRP | S_IWOTH

    private readonly IVaultFileSystem _fileSystem;

    /// <summary>Creates a factory over <paramref name="fileSystem"/>.</summary>
    public PlaceholderFactory(IVaultFileSystem fileSystem) => _fileSystem = fileSystem;

    /// <summary>
    /// Whether a node of <paramref name="kind"/> is projected: files and folders only. Windows has no FIFOs or device
    /// nodes, and ProjFS no symlink placeholders, so symlinks and special files stay invisible in the projection.
    /// </summary>
    public static bool Projects(NodeKind kind) => kind is NodeKind.File or NodeKind.Directory;

    /// <summary>The basic info (size, times, attributes) of a node.</summary>
    public static FileBasicInfo BasicInfo(in NodeAttributes attributes)
    {
        var isDirectory = attributes.Kind == NodeKind.Directory;
        uint fileAttributes;
        if (isDirectory)
        {
            fileAttributes = FileAttributeBits.Directory;
        }
        else
        {
            fileAttributes = (attributes.Mode & AnyWriteBits) == 0 ? FileAttributeBits.ReadOnly : FileAttributeBits.Archive;
        }

        var birth = attributes.BirthTimeNs != 0 ? attributes.BirthTimeNs : attributes.ModifyTimeNs;
        return new FileBasicInfo(
            isDirectory,
            isDirectory ? 0 : attributes.Size,
            FileTimes.FromUnixNanoseconds(birth),
            FileTimes.FromUnixNanoseconds(attributes.AccessTimeNs),
            FileTimes.FromUnixNanoseconds(attributes.ModifyTimeNs),
            FileTimes.FromUnixNanoseconds(attributes.ChangeTimeNs),
            fileAttributes);
    }

    /// <summary>The full placeholder info of a node.</summary>
    public PlaceholderInfo Build(in NodeAttributes attributes) =>
        new(BasicInfo(attributes), Version(attributes));

    /// <summary>The placeholder version (content id) of a node.</summary>
    public PlaceholderVersion Version(in NodeAttributes attributes) =>
        TryReadArtifactId(attributes.Inode, out var id)
            ? IndraContentId.ForArtifact(id, attributes.Inode)
            : IndraContentId.ForGenerated(attributes.Inode, attributes.ModifyTimeNs, attributes.Size);

    /// <summary>Reads a node's artifact id from <see cref="ArtifactIdAttribute"/>.</summary>
    public bool TryReadArtifactId(ulong inode, out byte[] artifactId)
    {
        if (_fileSystem.GetExtendedAttribute(inode, ArtifactIdAttribute, out var value) == Errno.None)
        {
            return IndraContentId.TryParseArtifactId(value, out artifactId);
        }

        artifactId = [];
        return false;
    }
}

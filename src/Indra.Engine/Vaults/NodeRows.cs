using Indra.Engine.Domain;
using Indra.Storage.Metadata;

namespace Indra.Engine.Vaults;

/// <summary>The one mapping between the metadata store's rows and the engine's node and reference types.</summary>
internal static class NodeRows
{
    /// <summary>The engine's view of a stored node row.</summary>
    internal static VaultNode ToNode(this NodeRecord row) => new()
    {
        Inode = row.Inode,
        Kind = (NodeKind)row.Kind,
        Mode = row.Mode,
        Uid = row.Uid,
        Gid = row.Gid,
        LinkCount = row.LinkCount,
        Size = row.Size,
        AccessTimeNs = row.AccessTimeNs,
        ModifyTimeNs = row.ModifyTimeNs,
        ChangeTimeNs = row.ChangeTimeNs,
        BirthTimeNs = row.BirthTimeNs,
        ArtifactId = new ArtifactId(row.ArtifactId),
        TypeTag = row.TypeTag,
        NextPosition = row.NextPosition,
        DeviceNumber = row.DeviceNumber,
    };

    /// <summary>The stored row of an engine node.</summary>
    internal static NodeRecord ToRow(this VaultNode node) => new()
    {
        Inode = node.Inode,
        Kind = (int)node.Kind,
        Mode = node.Mode,
        Uid = node.Uid,
        Gid = node.Gid,
        LinkCount = node.LinkCount,
        Size = node.Size,
        AccessTimeNs = node.AccessTimeNs,
        ModifyTimeNs = node.ModifyTimeNs,
        ChangeTimeNs = node.ChangeTimeNs,
        BirthTimeNs = node.BirthTimeNs,
        ArtifactId = node.ArtifactId.Hash,
        TypeTag = node.TypeTag,
        NextPosition = node.NextPosition,
        DeviceNumber = node.DeviceNumber,
    };

    /// <summary>The engine's view of a stored reference row.</summary>
    internal static ArtifactRef ToReference(this RefRecord row) => new(row.Parent, row.Label, row.Position, row.Child);

    /// <summary>The stored row of a reference.</summary>
    internal static RefRecord ToRow(this ArtifactRef reference) => new(reference.Tree, reference.Label, reference.Position, reference.Node);
}

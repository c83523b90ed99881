using Indra.Engine.Domain;
using Indra.Storage.Metadata;

namespace Indra.FileSystem.Nodes;

/// <summary>The one mapping between a stored <see cref="EntryKind"/>, the kernel-facing <see cref="NodeKind"/> and the <see cref="LeafType"/> a new special file is tagged with.</summary>
internal static class Kinds
{
    /// <summary>The kind the kernel is told for a stored node.</summary>
    public static NodeKind ToNodeKind(EntryKind kind) => kind switch
    {
        EntryKind.File => NodeKind.File,
        EntryKind.Directory => NodeKind.Directory,
        EntryKind.Symlink => NodeKind.Symlink,
        EntryKind.Fifo => NodeKind.Fifo,
        EntryKind.Socket => NodeKind.Socket,
        EntryKind.CharacterDevice => NodeKind.CharacterDevice,
        EntryKind.BlockDevice => NodeKind.BlockDevice,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a stored node kind"),
    };

    /// <summary>The stored kind and leaf type of a new special file, or null when <paramref name="kind"/> is not one.</summary>
    public static (EntryKind Kind, LeafType Type)? Special(NodeKind kind) => kind switch
    {
        NodeKind.Fifo => (EntryKind.Fifo, LeafType.Fifo),
        NodeKind.Socket => (EntryKind.Socket, LeafType.Socket),
        NodeKind.CharacterDevice => (EntryKind.CharacterDevice, LeafType.CharacterDevice),
        NodeKind.BlockDevice => (EntryKind.BlockDevice, LeafType.BlockDevice),
        _ => null,
    };
}

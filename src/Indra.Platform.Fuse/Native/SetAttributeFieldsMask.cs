using Indra.FileSystem;

namespace Indra.Platform.Fuse.Native;

/// <summary>Keeps the <c>FUSE_SET_ATTR_*</c> bits of a setattr <c>to_set</c> that <see cref="SetAttributeFields"/> defines.</summary>
internal static class SetAttributeFieldsMask
{
    /// <summary>Every field the contract knows.</summary>
    public const SetAttributeFields All =
        SetAttributeFields.Mode | SetAttributeFields.Uid | SetAttributeFields.Gid | SetAttributeFields.Size |
        SetAttributeFields.AccessTime | SetAttributeFields.ModifyTime | SetAttributeFields.AccessTimeNow |
        SetAttributeFields.ModifyTimeNow | SetAttributeFields.ChangeTime | SetAttributeFields.KillSetUserId |
        SetAttributeFields.KillSetGroupId;

    /// <summary>The known subset of <paramref name="toSet"/>.</summary>
    public static SetAttributeFields Known(int toSet) => (SetAttributeFields)toSet & All;
}

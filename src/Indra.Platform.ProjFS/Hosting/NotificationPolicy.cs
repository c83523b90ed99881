using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Hosting;

/// <summary>The notifications Indra registers for the whole root (one mapping at "").</summary>
internal static class NotificationPolicy
{
    /// <summary>Opens and closes (attention), creates, overwrites, renames, links, deletes (dirty paths) and the
    /// pre-operation notifications that vetoes need.</summary>
    public const PrjNotifyTypes Mask =
        PrjNotifyTypes.FileOpened | PrjNotifyTypes.NewFileCreated | PrjNotifyTypes.FileOverwritten
        | PrjNotifyTypes.PreDelete | PrjNotifyTypes.PreRename | PrjNotifyTypes.PreSetHardlink
        | PrjNotifyTypes.FileRenamed | PrjNotifyTypes.HardlinkCreated
        | PrjNotifyTypes.FileHandleClosedNoModification | PrjNotifyTypes.FileHandleClosedFileModified
        | PrjNotifyTypes.FileHandleClosedFileDeleted | PrjNotifyTypes.FilePreConvertToFull;

    /// <summary>The options passed to PrjStartVirtualizing.</summary>
    public static VirtualizationOptions Options(int maxThreads, bool negativePathCache)
    {
        var concurrent = (uint)Math.Clamp(maxThreads, 1, 256);
        return new VirtualizationOptions(
            negativePathCache ? PrjStartVirtualizingFlags.UseNegativePathCache : PrjStartVirtualizingFlags.None,
            concurrent * 2,
            concurrent,
            [new NotificationMapping(Mask, string.Empty)]);
    }
}

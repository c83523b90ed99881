namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_NOTIFICATION_PARAMETERS in managed form. <see cref="NotificationMask"/> is in/out for FileOpened,
/// NewFileCreated, FileOverwritten (PostCreate) and FileRenamed: a provider may set a new mask for the file that lasts
/// until its last handle closes (0 or <see cref="PrjNotifyTypes.UseExistingMask"/> keeps the current one).
/// <see cref="IsFileModified"/> is set for FileHandleClosedFileDeleted.
/// </summary>
public struct NotificationParameters
{
    /// <summary>The new notification mask (PostCreate and FileRenamed notifications).</summary>
    public PrjNotifyTypes NotificationMask;

    /// <summary>Whether a deleted file had been modified through the closing handle (FileDeletedOnHandleClose).</summary>
    public bool IsFileModified;
}

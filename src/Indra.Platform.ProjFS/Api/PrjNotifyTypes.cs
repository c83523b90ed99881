namespace Indra.Platform.ProjFS.Api;

/// <summary>PRJ_NOTIFY_TYPES: the notification registration bits (projfs.md §2.5).</summary>
[Flags]
public enum PrjNotifyTypes : uint
{
    /// <summary>No notifications.</summary>
    None = 0x0,
    /// <summary>Suppress every notification under the mapping's root (wins over every other bit).</summary>
    SuppressNotifications = 0x1,
    /// <summary><see cref="PrjNotification.FileOpened"/>.</summary>
    FileOpened = 0x2,
    /// <summary><see cref="PrjNotification.NewFileCreated"/>.</summary>
    NewFileCreated = 0x4,
    /// <summary><see cref="PrjNotification.FileOverwritten"/>.</summary>
    FileOverwritten = 0x8,
    /// <summary><see cref="PrjNotification.PreDelete"/>.</summary>
    PreDelete = 0x10,
    /// <summary><see cref="PrjNotification.PreRename"/>.</summary>
    PreRename = 0x20,
    /// <summary><see cref="PrjNotification.PreSetHardlink"/>.</summary>
    PreSetHardlink = 0x40,
    /// <summary><see cref="PrjNotification.FileRenamed"/>.</summary>
    FileRenamed = 0x80,
    /// <summary><see cref="PrjNotification.HardlinkCreated"/>.</summary>
    HardlinkCreated = 0x100,
    /// <summary><see cref="PrjNotification.FileHandleClosedNoModification"/>.</summary>
    FileHandleClosedNoModification = 0x200,
    /// <summary><see cref="PrjNotification.FileHandleClosedFileModified"/>.</summary>
    FileHandleClosedFileModified = 0x400,
    /// <summary><see cref="PrjNotification.FileHandleClosedFileDeleted"/>.</summary>
    FileHandleClosedFileDeleted = 0x800,
    /// <summary><see cref="PrjNotification.FilePreConvertToFull"/>.</summary>
    FilePreConvertToFull = 0x1000,
    /// <summary>Keep the current mask (returned from a notification; 0 means the same).</summary>
    UseExistingMask = 0xFFFFFFFF,
}

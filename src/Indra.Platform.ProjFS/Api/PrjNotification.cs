namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_NOTIFICATION: the notification a provider's notification callback receives (projfs.md §2.5; sdk-api
/// ne-projectedfslib-prj_notification). "Pre" notifications can veto the operation by returning an error.
/// </summary>
public enum PrjNotification : uint
{
    /// <summary>A handle was opened to an existing file or directory (post; a failure return cancels the open).</summary>
    FileOpened = 0x2,
    /// <summary>A new file or directory was created (post).</summary>
    NewFileCreated = 0x4,
    /// <summary>An existing file was overwritten or superseded (post).</summary>
    FileOverwritten = 0x8,
    /// <summary>A file or directory is about to be deleted (pre: veto by returning an error).</summary>
    PreDelete = 0x10,
    /// <summary>A file or directory is about to be renamed (pre: veto by returning an error).</summary>
    PreRename = 0x20,
    /// <summary>A hard link is about to be created (pre: veto by returning an error).</summary>
    PreSetHardlink = 0x40,
    /// <summary>A file or directory was renamed (post).</summary>
    FileRenamed = 0x80,
    /// <summary>A hard link was created (post).</summary>
    HardlinkCreated = 0x100,
    /// <summary>A handle was closed without modification (post).</summary>
    FileHandleClosedNoModification = 0x200,
    /// <summary>A handle that modified the file was closed (post).</summary>
    FileHandleClosedFileModified = 0x400,
    /// <summary>A handle was closed and the item deleted (post; carries IsFileModified).</summary>
    FileHandleClosedFileDeleted = 0x800,
    /// <summary>A placeholder is about to become a full file (pre: veto fails the I/O that caused it).</summary>
    FilePreConvertToFull = 0x1000,
}

namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// The callbacks ProjFS makes into a provider (PRJ_CALLBACKS, projfs.md §2.3), in managed form. On Windows the
/// native trampolines marshal PRJ_CALLBACK_DATA into these calls; on Linux the test tree's emulator calls them the way
/// projfs.md §9 says ProjFS does. Every method returns an HRESULT (<see cref="HResult"/>) and must not throw.
/// </summary>
public interface IProjFsCallbacks
{
    /// <summary>PRJ_START_DIRECTORY_ENUMERATION_CB: a listing of <see cref="CallbackData.FilePathName"/> begins.</summary>
    /// <returns>S_OK, ERROR_FILE_NOT_FOUND (not in the store); on failure no End follows.</returns>
    int StartDirectoryEnumeration(CallbackData data, Guid enumerationId);

    /// <summary>PRJ_END_DIRECTORY_ENUMERATION_CB: the listing's handle closed.</summary>
    /// <returns>S_OK, or ERROR_INVALID_PARAMETER for an unknown id.</returns>
    int EndDirectoryEnumeration(CallbackData data, Guid enumerationId);

    /// <summary>
    /// PRJ_GET_DIRECTORY_ENUMERATION_CB: fill <paramref name="buffer"/> (PrjFillDirEntryBuffer) with entries in
    /// PrjFileNameCompare order that match <paramref name="searchExpression"/>, resuming where the last call stopped.
    /// </summary>
    /// <returns>S_OK (entries added, or none left: the end), ERROR_INSUFFICIENT_BUFFER when the first entry does not
    /// fit, ERROR_INVALID_PARAMETER for an unknown id.</returns>
    int GetDirectoryEnumeration(CallbackData data, Guid enumerationId, string? searchExpression, DirEntryBufferHandle buffer);

    /// <summary>PRJ_GET_PLACEHOLDER_INFO_CB: write the placeholder for <see cref="CallbackData.FilePathName"/>.</summary>
    /// <returns>S_OK after PrjWritePlaceholderInfo, or ERROR_FILE_NOT_FOUND.</returns>
    int GetPlaceholderInfo(CallbackData data);

    /// <summary>PRJ_GET_FILE_DATA_CB: write bytes [<paramref name="byteOffset"/>, +<paramref name="length"/>) with PrjWriteFileData.</summary>
    /// <returns>S_OK, or an error the application's read fails with.</returns>
    int GetFileData(CallbackData data, ulong byteOffset, uint length);

    /// <summary>PRJ_QUERY_FILE_NAME_CB: whether the provider still projects <see cref="CallbackData.FilePathName"/>.</summary>
    /// <returns>S_OK or ERROR_FILE_NOT_FOUND.</returns>
    int QueryFileName(CallbackData data);

    /// <summary>PRJ_NOTIFICATION_CB: a file-system operation happened or is about to happen.</summary>
    /// <param name="data">The callback data; FilePathName "" with a rename means the item came from outside the root.</param>
    /// <param name="isDirectory">True when the item is a directory.</param>
    /// <param name="notification">What happened.</param>
    /// <param name="destinationFileName">The destination of a rename or hard link ("" = outside the root), else null.</param>
    /// <param name="parameters">In/out parameters (new mask; IsFileModified).</param>
    /// <returns>S_OK; an error from a pre-notification vetoes the operation (ERROR_ACCESS_DENIED).</returns>
    int Notification(CallbackData data, bool isDirectory, PrjNotification notification, string? destinationFileName, ref NotificationParameters parameters);

    /// <summary>PRJ_CANCEL_COMMAND_CB: the operation of <see cref="CallbackData.CommandId"/> was cancelled.</summary>
    void CancelCommand(CallbackData data);
}

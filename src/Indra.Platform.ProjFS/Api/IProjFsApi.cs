namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// The provider-initiated ProjFS functions (projfs.md §2.2, §9.8) for one virtualization instance. On Windows
/// <c>NativeProjFsApi</c> implements it over ProjectedFSLib.dll; on Linux the test tree's emulator does. Every method
/// returns the HRESULT the native function returns and never throws for a failure the native function reports.
/// Paths are relative to the virtualization root and '\'-separated unless a parameter says "full path".
/// </summary>
public interface IProjFsApi
{
    /// <summary>PrjMarkDirectoryAsPlaceholder: with a null or empty <paramref name="targetPath"/> marks
    /// <paramref name="rootPath"/> as a virtualization root; otherwise turns the existing directory
    /// <paramref name="targetPath"/> (full path) into a placeholder directory.</summary>
    /// <returns>S_OK; ERROR_REPARSE_POINT_ENCOUNTERED (already marked); ERROR_DIRECTORY (not a directory).</returns>
    int MarkDirectoryAsPlaceholder(string rootPath, string? targetPath, PlaceholderVersion? versionInfo, Guid instanceId);

    /// <summary>PrjStartVirtualizing: starts serving <paramref name="rootPath"/> (full path) through <paramref name="callbacks"/>.</summary>
    /// <returns>S_OK; ERROR_REPARSE_TAG_MISMATCH (never marked); ERROR_FILE_SYSTEM_VIRTUALIZATION_INVALID_OPERATION
    /// (nested roots); ERROR_FILE_SYSTEM_VIRTUALIZATION_PROVIDER_UNKNOWN (driver not attached).</returns>
    int StartVirtualizing(string rootPath, IProjFsCallbacks callbacks, VirtualizationOptions options);

    /// <summary>PrjStopVirtualizing: stops the instance; callbacks may arrive until it returns. Idempotent.</summary>
    void StopVirtualizing();

    /// <summary>PrjWritePlaceholderInfo: inside GetPlaceholderInfo (the name must equal the callback's FilePathName
    /// under PrjFileNameCompare; pass the backing store's casing) or proactively.</summary>
    int WritePlaceholderInfo(string destinationFileName, PlaceholderInfo info);

    /// <summary>PrjUpdateFileIfNeeded: replaces a placeholder's metadata and content id; local data is discarded on
    /// success. An equal content id is S_OK with no change.</summary>
    /// <returns>S_OK; ERROR_FILE_SYSTEM_VIRTUALIZATION_INVALID_OPERATION with <paramref name="failureReason"/> when the
    /// item's state needs a flag not given; ERROR_FILE_NOT_FOUND for virtual items; ERROR_DIR_NOT_EMPTY.</returns>
    int UpdateFileIfNeeded(string destinationFileName, PlaceholderInfo info, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason);

    /// <summary>PrjDeleteFile: removes an item from disk (it becomes virtual again if still projected); same flag rules as the update.</summary>
    int DeleteFile(string destinationFileName, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason);

    /// <summary>PrjWriteFileData: supplies bytes at <paramref name="byteOffset"/> for the stream of a GetFileData callback.</summary>
    /// <returns>S_OK; E_HANDLE (the application closed its handle); ERROR_OFFSET_ALIGNMENT_VIOLATION.</returns>
    int WriteFileData(Guid dataStreamId, ReadOnlySpan<byte> buffer, ulong byteOffset);

    /// <summary>PrjFillDirEntryBuffer: adds one entry to a GetDirectoryEnumeration buffer.</summary>
    /// <returns>S_OK, or ERROR_INSUFFICIENT_BUFFER when the entry does not fit.</returns>
    int FillDirEntryBuffer(DirEntryBufferHandle buffer, string fileName, in FileBasicInfo basicInfo);

    /// <summary>PrjGetOnDiskFileState for a full path. It can call back into the provider: never call it from inside a callback.</summary>
    /// <returns>S_OK; ERROR_FILE_NOT_FOUND or ERROR_PATH_NOT_FOUND when nothing is on disk.</returns>
    int GetOnDiskFileState(string fullPath, out PrjFileState state);

    /// <summary>PrjCompleteCommand: finishes a callback that returned ERROR_IO_PENDING.</summary>
    /// <param name="commandId">The callback's CommandId.</param>
    /// <param name="completionResult">The HRESULT the callback would have returned.</param>
    /// <param name="newNotificationMask">For a notification: the new mask, else null.</param>
    /// <param name="enumerationBuffer">For a GetDirectoryEnumeration: the buffer handle, else null.</param>
    int CompleteCommand(int commandId, int completionResult, PrjNotifyTypes? newNotificationMask = null, DirEntryBufferHandle? enumerationBuffer = null);

    /// <summary>PrjClearNegativePathCache: forgets cached FILE_NOT_FOUND answers.</summary>
    /// <param name="totalEntryNumber">How many entries were removed.</param>
    int ClearNegativePathCache(out uint totalEntryNumber);

    /// <summary>PrjGetVirtualizationInstanceInfo: the instance id and the write alignment in bytes.</summary>
    int GetVirtualizationInstanceInfo(out Guid instanceId, out uint writeAlignment);
}

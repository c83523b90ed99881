namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_CALLBACK_DATA copied into managed memory (the native buffers are valid only during the callback).
/// </summary>
/// <param name="Flags">Enumeration flags (restart scan, single entry).</param>
/// <param name="CommandId">Identifies this callback for PrjCompleteCommand and CancelCommand.</param>
/// <param name="FileId">Identifies the application's file handle.</param>
/// <param name="DataStreamId">Identifies the open data stream (pass it to PrjWriteFileData).</param>
/// <param name="FilePathName">Path relative to the virtualization root, '\'-separated; "" is the root. For
/// GetFileData it is the path the placeholder was created under, even after a rename (projfs.md §9.6 rule 34).</param>
/// <param name="VersionInfo">The item's version (for GetPlaceholderInfo: its parent directory's), or null.</param>
/// <param name="TriggeringProcessId">The process whose I/O caused the callback (0 when unknown).</param>
/// <param name="TriggeringProcessImageFileName">That process's image name, or null.</param>
public sealed record CallbackData(
    PrjCallbackDataFlags Flags,
    int CommandId,
    Guid FileId,
    Guid DataStreamId,
    string FilePathName,
    PlaceholderVersion? VersionInfo,
    uint TriggeringProcessId,
    string? TriggeringProcessImageFileName);

namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_FILE_BASIC_INFO in managed form (projfs.md §2.4). Times are Windows FILETIMEs (100-ns ticks since
/// 1601-01-01 UTC); 0 makes ProjFS use the current time. ProjFS forces FILE_ATTRIBUTE_DIRECTORY to agree with
/// <see cref="IsDirectory"/>, and every enumeration entry of a file must carry its size.
/// </summary>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="FileSize">Size in bytes (required for files; 0 for directories).</param>
/// <param name="CreationTime">Creation time, FILETIME.</param>
/// <param name="LastAccessTime">Last access time, FILETIME.</param>
/// <param name="LastWriteTime">Last content write time, FILETIME.</param>
/// <param name="ChangeTime">Last metadata change time, FILETIME.</param>
/// <param name="FileAttributes">FILE_ATTRIBUTE_* bits (<see cref="FileAttributeBits"/>).</param>
public readonly record struct FileBasicInfo(
    bool IsDirectory,
    long FileSize,
    long CreationTime,
    long LastAccessTime,
    long LastWriteTime,
    long ChangeTime,
    uint FileAttributes);

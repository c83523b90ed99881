namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>What a dirty-queue entry records.</summary>
internal enum DirtyChangeKind
{
    /// <summary>NEW_FILE_CREATED: a file or directory was created locally.</summary>
    Created,
    /// <summary>FILE_HANDLE_CLOSED_FILE_MODIFIED or FILE_OVERWRITTEN: a file's content changed locally.</summary>
    Modified,
    /// <summary>FILE_HANDLE_CLOSED_FILE_DELETED: an item was deleted locally.</summary>
    Deleted,
    /// <summary>FILE_RENAMED: an item moved from Path to Destination ("" Path = came from outside the root).</summary>
    Renamed,
    /// <summary>HARDLINK_CREATED: Destination became a hard link to Path.</summary>
    HardLinked,
    /// <summary>FILE_PRE_CONVERT_TO_FULL marker: a file was opened for writing. Not written back by itself; if the
    /// host dies before the matching <see cref="WriteClosed"/>, the next mount treats it as <see cref="Modified"/>.</summary>
    WriteOpened,
    /// <summary>Marker: a handle of a file opened for writing was closed.</summary>
    WriteClosed,
}

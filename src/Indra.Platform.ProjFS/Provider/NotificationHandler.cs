using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.WriteBack;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Handles PRJ_NOTIFICATION_CB (projfs.md §2.5, sdk-api nc-projectedfslib-prj_notification_cb). Inline work is kept to
/// an in-memory update plus a durable append (projfs.md §8):
/// <list type="bullet">
/// <item>PRE_DELETE, PRE_RENAME, PRE_SET_HARDLINK and FILE_PRE_CONVERT_TO_FULL are vetoed with ERROR_ACCESS_DENIED
/// when they would change anything outside <c>vault\</c> (<see cref="WritableArea"/>);</item>
/// <item>FILE_OPENED opens the vault file (navigate_to) and FILE_HANDLE_CLOSED_* releases it (navigate_back), both
/// queued to the <see cref="VaultHandleTracker"/>'s worker (no vault call on the callback thread) and neither for
/// system scanners (<see cref="SystemScanners"/>: antivirus, the search indexer);</item>
/// <item>NEW_FILE_CREATED, FILE_OVERWRITTEN, FILE_RENAMED, HARDLINK_CREATED, FILE_HANDLE_CLOSED_FILE_MODIFIED and
/// FILE_HANDLE_CLOSED_FILE_DELETED are appended to the <see cref="DirtyQueue"/>;</item>
/// <item>FILE_PRE_CONVERT_TO_FULL leaves an open-for-write marker so that a file being written when the host dies is
/// still written back after the next mount (not for the host's own opens, whose close is never recorded).</item>
/// </list>
/// Notifications caused by the host's own process (the write-back reading full files) change nothing.
/// </summary>
internal sealed class NotificationHandler
{
    private readonly VaultHandleTracker _tracker;
    private readonly DirtyQueue _queue;
    private readonly Changes.PlaceholderIndex _index;
    private readonly ProjFsLog _log;
    private readonly uint _ownProcessId;

    /// <summary>Creates the handler.</summary>
    public NotificationHandler(VaultNodeResolver resolver, VaultHandleTracker tracker, DirtyQueue queue, Changes.PlaceholderIndex index, ProjFsLog log, uint ownProcessId)
    {
        _tracker = tracker;
        _queue = queue;
        _index = index;
        _log = log;
        _ownProcessId = ownProcessId;
    }

    /// <summary>Handles one notification.</summary>
    /// <returns>S_OK, or ERROR_ACCESS_DENIED to veto a pre-operation notification.</returns>
    public int Handle(CallbackData data, bool isDirectory, PrjNotification notification, string? destination)
    {
        var path = ProjFsPath.Normalize(data.FilePathName);
        var target = destination is null ? null : ProjFsPath.Normalize(destination);
        switch (notification)
        {
            case PrjNotification.PreDelete:
                return Allow(WritableArea.IsWritable(path), "delete", path);
            case PrjNotification.PreRename:
            case PrjNotification.PreSetHardlink:
                var allowed = (path.Length == 0 || WritableArea.IsWritable(path))
                    && (string.IsNullOrEmpty(target) || WritableArea.IsWritable(target));
                return Allow(allowed, notification == PrjNotification.PreRename ? "rename" : "hard link", $"{path}' -> '{target}");
            case PrjNotification.FilePreConvertToFull:
                if (!WritableArea.IsWritable(path))
                {
                    return Allow(false, "write", path);
                }

                // The host's own write opens leave no marker: their close is ignored below, so nothing would clear it
                // and the file would count as open for writing forever (no vault change would reach it again).
                if (data.TriggeringProcessId != _ownProcessId)
                {
                    Record(data, new DirtyChange(DirtyChangeKind.WriteOpened, path));
                }

                return HResult.Ok;
        }

        if (data.TriggeringProcessId == _ownProcessId)
        {
            return HResult.Ok;
        }

        switch (notification)
        {
            case PrjNotification.FileOpened:
                if (!isDirectory && !SystemScanners.IsScanner(data.TriggeringProcessImageFileName))
                {
                    _tracker.QueueOpen(data.FileId, path);
                }

                break;
            case PrjNotification.NewFileCreated:
                Record(data, new DirtyChange(DirtyChangeKind.Created, path, IsDirectory: isDirectory));
                break;
            case PrjNotification.FileOverwritten:
                Record(data, new DirtyChange(DirtyChangeKind.Modified, path));
                break;
            case PrjNotification.FileRenamed:
                Record(data, new DirtyChange(DirtyChangeKind.Renamed, path, target ?? string.Empty, isDirectory));
                if (!isDirectory && !string.IsNullOrEmpty(target))
                {
                    _index.Add(target);
                }

                break;
            case PrjNotification.HardlinkCreated:
                Record(data, new DirtyChange(DirtyChangeKind.HardLinked, path, target ?? string.Empty));
                break;
            case PrjNotification.FileHandleClosedNoModification:
                CloseAttention(data, isDirectory);
                Record(data, new DirtyChange(DirtyChangeKind.WriteClosed, path));
                break;
            case PrjNotification.FileHandleClosedFileModified:
                CloseAttention(data, isDirectory);
                Record(data, new DirtyChange(DirtyChangeKind.Modified, path, IsDirectory: isDirectory));
                Record(data, new DirtyChange(DirtyChangeKind.WriteClosed, path));
                break;
            case PrjNotification.FileHandleClosedFileDeleted:
                CloseAttention(data, isDirectory);
                Record(data, new DirtyChange(DirtyChangeKind.Deleted, path, IsDirectory: isDirectory));
                Record(data, new DirtyChange(DirtyChangeKind.WriteClosed, path));
                break;
        }

        return HResult.Ok;
    }

    private void CloseAttention(CallbackData data, bool isDirectory)
    {
        if (!isDirectory && !SystemScanners.IsScanner(data.TriggeringProcessImageFileName))
        {
            _tracker.QueueClose(data.FileId);
        }
    }

    private int Allow(bool allowed, string what, string path)
    {
        if (allowed)
        {
            return HResult.Ok;
        }

        _log.Info($"vetoed {what} of '{path}': only items inside vault\\ can be changed");
        return HResult.AccessDenied;
    }

    private void Record(CallbackData data, DirtyChange change)
    {
        try
        {
            _queue.Enqueue(change);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            _log.Error($"could not record {change.Kind} of '{change.Path}' (command {data.CommandId}) in the dirty queue", exception);
        }
    }
}

using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.WriteBack;

namespace Indra.Platform.ProjFS.Changes;

/// <summary>
/// Brings what ProjFS has on disk in line with a vault-side change (win32 handling-view-changes.md; projfs.md §2.7),
/// for paths the <see cref="PlaceholderIndex"/> holds (anything else is virtual, and the next enumeration or open
/// asks the vault; PrjGetOnDiskFileState is never asked about it):
/// <list type="bullet">
/// <item>a clean placeholder: PrjUpdateFileIfNeeded with the new metadata and content id, or PrjDeleteFile when the
/// vault no longer has it (flags AllowDirtyMetadata | AllowReadOnly, never AllowDirtyData); the new base is recorded;</item>
/// <item>a full file is compared with its <em>base version</em>, not assumed modified: when its content is still the
/// base (a file only opened for write, or whose edit was already written back) it is re-hydrated in place with an
/// exclusive handle (<see cref="LocalContent.Replace"/>); when it was edited (offline, or while the vault changed)
/// it is queued for write-back, which keeps both versions; a path with local changes still queued is left to the
/// write-back;</item>
/// <item>a tombstone whose name the vault has again: PrjDeleteFile with AllowTombstone, so the name is projected again
/// (a conflict if the local delete is still queued);</item>
/// <item>a folder the vault deleted: its known contents are deleted depth first, then the folders, deepest first;
/// local edits are kept (and so are the folders holding them);</item>
/// <item>a name the vault added to a folder created locally: the folder is marked as a placeholder (a full folder is
/// never enumerated through the provider, so the addition would stay invisible).</item>
/// </list>
/// A failed PrjUpdateFileIfNeeded or PrjDeleteFile (e.g. a handle is open) answers <see cref="RefreshOutcome.Retry"/>
/// and <see cref="VaultChangeMonitor"/> tries again with backoff. Directories in the vault are never updated
/// (placeholder directories are enumerated afresh every time); changes to them only clear the negative path cache.
/// </summary>
internal sealed class PlaceholderRefresher
{
    private const PrjUpdateTypes UpdateFlags = PrjUpdateTypes.AllowDirtyMetadata | PrjUpdateTypes.AllowReadOnly;

    private readonly IVaultFileSystem _fileSystem;
    private readonly IProjFsApi _api;
    private readonly LocalTree _local;
    private readonly LocalContent _content;
    private readonly VaultWriter _vault;
    private readonly VaultNodeResolver _resolver;
    private readonly PlaceholderFactory _placeholders;
    private readonly DirtyQueue _queue;
    private readonly WriteBackLedger _ledger;
    private readonly ConflictLog _conflicts;
    private readonly PlaceholderIndex _index;
    private readonly Guid _instanceId;
    private readonly ProjFsLog _log;

    /// <summary>Creates the refresher.</summary>
    public PlaceholderRefresher(IVaultFileSystem fileSystem, IProjFsApi api, LocalTree local, LocalContent content, VaultWriter vault,
        VaultNodeResolver resolver, PlaceholderFactory placeholders, DirtyQueue queue, WriteBackLedger ledger, ConflictLog conflicts,
        PlaceholderIndex index, Guid instanceId, ProjFsLog log)
    {
        _instanceId = instanceId;
        _fileSystem = fileSystem;
        _api = api;
        _local = local;
        _content = content;
        _vault = vault;
        _resolver = resolver;
        _placeholders = placeholders;
        _queue = queue;
        _ledger = ledger;
        _conflicts = conflicts;
        _index = index;
        _log = log;
    }

    /// <summary>Applies one change.</summary>
    public RefreshOutcome Apply(VaultChange change)
    {
        string path;
        if (change.Path is not null)
        {
            path = ProjFsPath.Normalize(change.Path);
        }
        else if (change.Name is null)
        {
            if (_fileSystem.GetPath(change.Inode, out var vaultPath) != Errno.None)
            {
                return RefreshOutcome.Done; // deleted: the entry change of its parent covers it
            }

            if (_fileSystem.GetAttributes(change.Inode, out var attributes) == Errno.None && attributes.Kind == NodeKind.Directory)
            {
                ClearNegativeCache();
                return RefreshOutcome.Done;
            }

            path = ProjFsPath.FromVault(vaultPath);
        }
        else
        {
            if (_fileSystem.GetPath(change.Inode, out var parentPath) != Errno.None)
            {
                return RefreshOutcome.Done;
            }

            if (change.Attempt == 0)
            {
                ClearNegativeCache();
            }

            path = ProjFsPath.Combine(ProjFsPath.FromVault(parentPath), change.Name);
        }

        return path.Length == 0 ? RefreshOutcome.Done : Refresh(path);
    }

    private RefreshOutcome Refresh(string path)
    {
        if (_ledger.IsWriting(path))
        {
            return RefreshOutcome.Defer;
        }

        var exists = _resolver.Resolve(path, out var node) == Errno.None;
        if (!_index.HoldsOrIsAbove(path))
        {
            if (exists)
            {
                MarkLocalFolder(ProjFsPath.Parent(path));
            }

            return RefreshOutcome.Done; // virtual: ProjFS asks the vault the next time
        }

        if (exists && node.Attributes.Kind == NodeKind.Directory)
        {
            return RefreshOutcome.Done;
        }

        if (!_index.TryGet(path, out var record) || record.IsDirectory)
        {
            return exists ? RefreshOutcome.Done : DeleteTree(path);
        }

        var fullPath = _local.FullPathOf(path);
        if (!HResult.Succeeded(_api.GetOnDiskFileState(fullPath, out var state)))
        {
            _index.Remove(path);
            return RefreshOutcome.Done; // no longer on disk
        }

        var pending = _queue.HasPendingFor(path);
        string? vaultId = exists && _placeholders.TryReadArtifactId(node.Inode, out var id) ? Convert.ToHexStringLower(id) : null;

        if ((state & PrjFileState.Tombstone) != 0)
        {
            if (!exists)
            {
                return RefreshOutcome.Done;
            }

            if (pending)
            {
                _conflicts.Record("vault-changed-while-dirty", path,
                    "deleted locally but changed in the vault; the local delete is still to be written back", vaultId);
                return RefreshOutcome.Done;
            }

            return Check(_api.DeleteFile(path, UpdateFlags | PrjUpdateTypes.AllowTombstone, out _), "clearing the tombstone of", path);
        }

        if ((state & PrjFileState.Full) != 0 || pending)
        {
            return RefreshFull(path, fullPath, record, exists, node, vaultId, pending);
        }

        PrjUpdateFailureCauses cause;
        var hr = exists
            ? _api.UpdateFileIfNeeded(path, _placeholders.Build(node.Attributes), UpdateFlags, out cause)
            : _api.DeleteFile(path, UpdateFlags, out cause);
        if (hr == HResult.VirtualizationInvalidOperation && (cause & PrjUpdateFailureCauses.DirtyData) != 0)
        {
            return RefreshFull(path, fullPath, record, exists, node, vaultId, pending); // it became full meanwhile
        }

        var outcome = Check(hr, exists ? "updating the placeholder" : "removing the placeholder", path);
        if (outcome == RefreshOutcome.Done)
        {
            if (exists)
            {
                _index.SetPlaceholder(path, vaultId);
            }
            else
            {
                _index.Remove(path);
            }
        }

        return outcome;
    }

    /// <summary>
    /// The vault added something to a folder created locally: the folder is marked as a placeholder of its vault
    /// directory, so that ProjFS enumerates it through the provider and the addition appears (a full folder is never
    /// asked about). Nothing for any other folder.
    /// </summary>
    private void MarkLocalFolder(string folder)
    {
        if (!_index.TryGet(folder, out var record) || !record.IsDirectory || !record.IsFull || !_vault.Exists(folder, out var node))
        {
            return;
        }

        var hr = _api.MarkDirectoryAsPlaceholder(_local.Root, _local.FullPathOf(folder), _vault.VersionOf(node), _instanceId);
        if (HResult.Succeeded(hr) || hr == HResult.ReparsePointEncountered)
        {
            _index.AddDirectory(folder, marked: true);
            _log.Debug($"marked the local folder '{folder}' as a placeholder: the vault added to it");
        }
        else
        {
            _log.Warn($"could not mark the local folder '{folder}' as a placeholder: {HResult.Format(hr)}");
        }
    }

    /// <summary>A full file (or one with local changes queued) that the vault changed or deleted.</summary>
    private RefreshOutcome RefreshFull(string path, string fullPath, LocalRecord record, bool exists, ResolvedNode node, string? vaultId, bool pending)
    {
        if (pending)
        {
            // A handle open for writing: look again once it may be closed (closed unchanged, the vault change must
            // still arrive). A queued edit: the write-back compares it with its base and keeps both if need be.
            if (_queue.IsOpenForWrite(path))
            {
                _log.Debug($"'{path}' is open for writing; the vault change is applied once it is closed");
                return RefreshOutcome.Retry;
            }

            return RefreshOutcome.Done;
        }

        string localId;
        LocalFileStatus status;
        try
        {
            status = _local.Files.Stat(fullPath) ?? default;
            localId = record.Unchanged(status) && record.BaseId is not null ? record.BaseId : _content.Hash(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Debug($"cannot read the local copy of '{path}' now ({exception.Message}); will retry");
            return RefreshOutcome.Retry;
        }

        if (!exists)
        {
            if (localId != record.BaseId)
            {
                _conflicts.Record("vault-deleted-while-dirty", path, "deleted from the vault while the local copy has changes; the local file is kept");
                return RefreshOutcome.Done;
            }

            return DeleteUnchanged(path);
        }

        if (localId == vaultId)
        {
            if (!(record.Unchanged(status) && record.BaseId == vaultId))
            {
                _index.SetFull(path, vaultId, status); // (the mount-time re-check of an unchanged file writes nothing)
            }

            return RefreshOutcome.Done;
        }

        if (localId != record.BaseId)
        {
            // Edited locally without a queued write-back (offline, or its close was never seen): write it back now;
            // the write-back keeps both versions if the vault moved on from the base.
            _log.Info($"'{path}' was changed locally since version {record.BaseId ?? "(unknown)"}; queued for write-back");
            return Enqueue(path);
        }

        try
        {
            if (_content.Replace(fullPath, record.BaseId!, local => _vault.ReadInto(node.Inode, local), out var after))
            {
                _index.SetFull(path, vaultId, after);
                _log.Debug($"re-hydrated '{path}' to {vaultId}");
                return RefreshOutcome.Done;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Debug($"cannot re-hydrate '{path}' now ({exception.Message}); will retry");
            return RefreshOutcome.Retry;
        }

        return Enqueue(path); // it changed between the hash and the exclusive open: a local edit after all
    }

    /// <summary>Removes a full file whose content is still its base (the vault deleted it).</summary>
    private RefreshOutcome DeleteUnchanged(string path)
    {
        var outcome = Check(_api.DeleteFile(path, UpdateFlags | PrjUpdateTypes.AllowDirtyData, out _), "removing the unchanged full file", path);
        if (outcome == RefreshOutcome.Done)
        {
            _index.Remove(path);
        }

        return outcome;
    }

    /// <summary>
    /// A folder the vault deleted: the files the index knows below it are deleted deepest first (unchanged full files
    /// too; edited ones are kept), then the folders, deepest first. Anything that fails (a handle open, a folder that
    /// still holds local files) makes the whole change retried.
    /// </summary>
    private RefreshOutcome DeleteTree(string path)
    {
        var outcome = RefreshOutcome.Done;
        var kept = new List<string>();
        var folders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { path };
        foreach (var item in _index.Under(path).OrderByDescending(Depth))
        {
            for (var folder = ProjFsPath.Parent(item); ProjFsPath.IsSameOrUnder(folder, path) && folder.Length > 0; folder = ProjFsPath.Parent(folder))
            {
                folders.Add(folder);
            }

            if (!_index.TryGet(item, out var record) || record.IsDirectory)
            {
                folders.Add(item);
                continue;
            }

            var step = RefreshFileOfDeletedTree(item, record);
            if (step == RefreshOutcome.Done && _index.TryGet(item, out _))
            {
                kept.Add(item); // edited locally: kept, and so are the folders above it
            }
            else if (step != RefreshOutcome.Done)
            {
                outcome = RefreshOutcome.Retry;
            }
        }

        foreach (var folder in folders.OrderByDescending(Depth))
        {
            if (kept.Any(k => ProjFsPath.IsSameOrUnder(k, folder)))
            {
                continue;
            }

            var hr = _api.DeleteFile(folder, UpdateFlags, out _);
            if (HResult.Succeeded(hr) || hr is HResult.FileNotFound or HResult.PathNotFound)
            {
                _index.Remove(folder);
            }
            else
            {
                _log.Warn($"removing the folder '{folder}' (deleted in the vault) failed: {HResult.Format(hr)}; will retry");
                outcome = RefreshOutcome.Retry;
            }
        }

        return outcome;
    }

    private RefreshOutcome RefreshFileOfDeletedTree(string path, LocalRecord record)
    {
        var fullPath = _local.FullPathOf(path);
        if (!HResult.Succeeded(_api.GetOnDiskFileState(fullPath, out var state)))
        {
            _index.Remove(path);
            return RefreshOutcome.Done;
        }

        if ((state & PrjFileState.Tombstone) != 0 || (state & PrjFileState.Full) == 0)
        {
            var outcome = Check(_api.DeleteFile(path, UpdateFlags | PrjUpdateTypes.AllowTombstone, out _), "removing the placeholder", path);
            if (outcome == RefreshOutcome.Done)
            {
                _index.Remove(path);
            }

            return outcome;
        }

        return RefreshFull(path, fullPath, record, exists: false, default, null, _queue.HasPendingFor(path));
    }

    private static int Depth(string path) => path.Count(c => c == '\\');

    private RefreshOutcome Enqueue(string path)
    {
        try
        {
            _queue.Enqueue(new DirtyChange(DirtyChangeKind.Modified, path));
            return RefreshOutcome.Done;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _log.Warn($"could not queue the write-back of '{path}': {exception.Message}; will retry");
            return RefreshOutcome.Retry;
        }
    }

    private void ClearNegativeCache()
    {
        var hr = _api.ClearNegativePathCache(out _);
        if (!HResult.Succeeded(hr))
        {
            _log.Warn($"PrjClearNegativePathCache failed: {HResult.Format(hr)}");
        }
    }

    private RefreshOutcome Check(int hr, string what, string path)
    {
        if (HResult.Succeeded(hr) || hr is HResult.FileNotFound or HResult.PathNotFound)
        {
            _log.Debug($"{what} '{path}': {(HResult.Succeeded(hr) ? "done" : "already gone")}");
            return RefreshOutcome.Done;
        }

        _log.Warn($"{what} '{path}' failed: {HResult.Format(hr)}; will retry");
        return RefreshOutcome.Retry;
    }
}

using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.WriteBack;

namespace Indra.Platform.ProjFS.Changes;

/// <summary>
/// Brings what ProjFS has on disk in line with a vault-side change (win32 handling-view-changes.md; projfs.md §2.7):
/// <list type="bullet">
/// <item>nothing on disk (virtual): nothing to do, the next enumeration or open asks the vault;</item>
/// <item>a clean placeholder: PrjUpdateFileIfNeeded with the new metadata and content id, or PrjDeleteFile when the
/// vault no longer has it (flags AllowDirtyMetadata | AllowReadOnly, never AllowDirtyData);</item>
/// <item>a full file, or a path with local changes still queued: left alone and recorded in the conflict log (unless
/// the vault merely holds what Indra's own write-back stored); if ProjFS reports DIRTY_DATA on an update because the
/// user started writing meanwhile, that is a conflict too;</item>
/// <item>a tombstone whose name the vault has again: PrjDeleteFile with AllowTombstone, so the name is projected again
/// (a conflict if the local delete is still queued).</item>
/// </list>
/// Directories are never updated (placeholder directories are enumerated afresh every time); changes to them only
/// clear the negative path cache.
/// </summary>
internal sealed class PlaceholderRefresher
{
    private const PrjUpdateTypes UpdateFlags = PrjUpdateTypes.AllowDirtyMetadata | PrjUpdateTypes.AllowReadOnly;

    private readonly IVaultFileSystem _fileSystem;
    private readonly IProjFsApi _api;
    private readonly string _root;
    private readonly VaultNodeResolver _resolver;
    private readonly PlaceholderFactory _placeholders;
    private readonly DirtyQueue _queue;
    private readonly WriteBackLedger _ledger;
    private readonly ConflictLog _conflicts;
    private readonly PlaceholderIndex _index;
    private readonly ProjFsLog _log;

    /// <summary>Creates the refresher.</summary>
    public PlaceholderRefresher(IVaultFileSystem fileSystem, IProjFsApi api, string root, VaultNodeResolver resolver,
        PlaceholderFactory placeholders, DirtyQueue queue, WriteBackLedger ledger, ConflictLog conflicts, PlaceholderIndex index, ProjFsLog log)
    {
        _fileSystem = fileSystem;
        _api = api;
        _root = root;
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

            ClearNegativeCache();
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

        var fullPath = Path.Combine(_root, path.Replace('\\', Path.DirectorySeparatorChar));
        if (!HResult.Succeeded(_api.GetOnDiskFileState(fullPath, out var state)))
        {
            _index.Remove(path);
            return RefreshOutcome.Done; // virtual: ProjFS asks the vault the next time
        }

        var exists = _resolver.Resolve(path, out var node) == Errno.None;
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

            Check(_api.DeleteFile(path, UpdateFlags | PrjUpdateTypes.AllowTombstone, out _), "clearing the tombstone of", path);
            return RefreshOutcome.Done;
        }

        if (exists && node.Attributes.Kind == NodeKind.Directory)
        {
            return RefreshOutcome.Done;
        }

        if ((state & PrjFileState.Full) != 0 || pending)
        {
            ReportDirty(path, exists, pending, vaultId);
            return RefreshOutcome.Done;
        }

        PrjUpdateFailureCauses cause;
        var hr = exists
            ? _api.UpdateFileIfNeeded(path, _placeholders.Build(node.Attributes), UpdateFlags, out cause)
            : _api.DeleteFile(path, UpdateFlags, out cause);
        if (hr == HResult.VirtualizationInvalidOperation && (cause & PrjUpdateFailureCauses.DirtyData) != 0)
        {
            ReportDirty(path, exists, pending: true, vaultId);
        }
        else
        {
            Check(hr, exists ? "updating the placeholder" : "removing the placeholder", path);
        }

        return RefreshOutcome.Done;
    }

    private void ReportDirty(string path, bool exists, bool pending, string? vaultId)
    {
        if (!exists)
        {
            if (!pending)
            {
                _conflicts.Record("vault-deleted-while-dirty", path,
                    "deleted from the vault while the local copy has changes; the local file is kept");
            }

            return;
        }

        if (vaultId is not null && (_ledger.WroteIt(path, vaultId) || LocalContentIs(path, vaultId)))
        {
            return; // the vault holds what the write-back stored, or the same bytes anyway
        }

        _conflicts.Record("vault-changed-while-dirty", path, pending
            ? "changed in the vault while modified locally; the local file is kept and will be written back over it"
            : "changed in the vault while the local copy is a full file; the local file is kept", vaultId);
    }

    /// <summary>True when the local full file's BLAKE3 equals <paramref name="artifactIdHex"/> (read outside any callback).</summary>
    private bool LocalContentIs(string path, string artifactIdHex)
    {
        var fullPath = Path.Combine(_root, path.Replace('\\', Path.DirectorySeparatorChar));
        try
        {
            using var local = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Hashing.Blake3.HashStream(local).ToString() == artifactIdHex;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Debug($"could not hash the local copy of '{path}': {exception.Message}");
            return false;
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

    private void Check(int hr, string what, string path)
    {
        if (!HResult.Succeeded(hr))
        {
            _log.Warn($"{what} '{path}' failed: {HResult.Format(hr)}");
        }
        else
        {
            _log.Debug($"{what} '{path}': done");
        }
    }
}

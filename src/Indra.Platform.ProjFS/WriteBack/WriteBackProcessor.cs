using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Changes;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// Applies one dirty-queue entry to the vault. It compares with what is on disk now rather than replaying blindly,
/// so that a queue that fell behind (a file written, renamed and renamed again before the worker got to it) still
/// ends with the vault equal to the disk:
/// <list type="bullet">
/// <item>created/modified: a full local file is staged (<see cref="LocalContent.Stage"/>) and written into the vault
/// only if the vault still holds the file's base version (<see cref="PlaceholderIndex"/>) or nothing; when the vault
/// moved on meanwhile (a true concurrent edit) the local edit is written as a conflict copy beside it, lineage in its
/// attributes, and the local file re-hydrated to the vault's version, so neither version overwrites the other. The
/// new base (and the file's size and write time) is recorded afterwards. A directory is made and, when it was
/// created locally, recorded as a local folder (marked as a placeholder once the vault adds to it); a path no longer
/// on disk needs nothing (a later entry says where it went);</item>
/// <item>deleted: the vault item is removed unless the name exists on disk again;</item>
/// <item>renamed: the vault item is moved if the vault still has the source, then every full file now at the
/// destination is written (its modifications may have been recorded under the old name); otherwise the destination
/// is written from disk;</item>
/// <item>hard link: the vault links the existing file, or writes the new name from disk.</item>
/// </list>
/// Transient vault errors (EIO, EAGAIN, EBUSY, ENOSPC) and local I/O errors mean retry; other refusals (EACCES,
/// EROFS, EXDEV, ...) are recorded in the conflict log and the entry is done. Local data is never changed.
/// </summary>
internal sealed class WriteBackProcessor
{
    private readonly LocalTree _local;
    private readonly LocalContent _content;
    private readonly VaultWriter _vault;
    private readonly PlaceholderIndex _index;
    private readonly ConflictLog _conflicts;
    private readonly WriteBackLedger _ledger;
    private readonly ProjFsLog _log;

    /// <summary>Creates the processor.</summary>
    public WriteBackProcessor(LocalTree local, LocalContent content, VaultWriter vault, PlaceholderIndex index,
        ConflictLog conflicts, WriteBackLedger ledger, ProjFsLog log)
    {
        _local = local;
        _content = content;
        _vault = vault;
        _index = index;
        _conflicts = conflicts;
        _ledger = ledger;
        _log = log;
    }

    /// <summary>Applies <paramref name="entry"/>.</summary>
    /// <exception cref="IOException">Reading the local file failed (the caller retries).</exception>
    /// <exception cref="UnauthorizedAccessException">The local file is not readable now (the caller retries).</exception>
    public WriteBackOutcome Process(DirtyEntry entry)
    {
        var change = entry.Change;
        _log.Debug($"write-back #{entry.Sequence}: {change.Kind} '{change.Path}'{(change.Destination is null ? "" : $" -> '{change.Destination}'")}");
        return change.Kind switch
        {
            DirtyChangeKind.Created or DirtyChangeKind.Modified => Reconcile(change.Path, recursive: false),
            DirtyChangeKind.Deleted => Delete(change.Path),
            DirtyChangeKind.Renamed => Rename(change.Path, change.Destination ?? string.Empty, change.IsDirectory),
            DirtyChangeKind.HardLinked => HardLink(change.Path, change.Destination ?? string.Empty),
            _ => WriteBackOutcome.Done,
        };
    }

    private WriteBackOutcome Reconcile(string path, bool recursive)
    {
        var item = _local.Inspect(path);
        if (!item.Exists)
        {
            return WriteBackOutcome.Done;
        }

        using var writing = _ledger.Writing(item.Path);
        if (item.IsDirectory)
        {
            var outcome = Judge(_vault.EnsureDirectory(item.Path, out _), item.Path, "creating the directory");
            if (outcome != WriteBackOutcome.Done)
            {
                return outcome;
            }

            RecordLocalFolder(item);
            if (!recursive)
            {
                return outcome;
            }

            foreach (var child in _local.Children(item))
            {
                if (Reconcile(child, recursive: true) == WriteBackOutcome.Retry)
                {
                    return WriteBackOutcome.Retry;
                }
            }

            return WriteBackOutcome.Done;
        }

        if (!item.IsFull)
        {
            return WriteBackOutcome.Done; // still a placeholder: the vault already has this content
        }

        using var staged = _content.Stage(item.FullPath);
        var baseId = _index.TryGet(item.Path, out var record) ? record.BaseId : null;
        var errno = _vault.CurrentId(item.Path, out var node, out var vaultId);
        if (errno == Errno.None && node.Attributes.Kind == NodeKind.File)
        {
            if (vaultId == staged.ArtifactId)
            {
                _index.SetFull(item.Path, vaultId, staged.Source);
                _ledger.Written(item.Path, vaultId);
                return WriteBackOutcome.Done; // the vault already holds these bytes
            }

            if (vaultId != baseId)
            {
                return KeepBoth(item, staged, baseId, node, vaultId);
            }
        }
        else if (errno is not (Errno.None or Errno.ENOENT))
        {
            return Judge(errno, item.Path, "reading the vault's version");
        }

        errno = _vault.WriteFile(item.Path, staged, out var id);
        if (errno == Errno.None && id is not null)
        {
            _ledger.Written(item.Path, id);
            _index.SetFull(item.Path, id, staged.Source);
            _log.Debug($"wrote '{item.Path}' back: {id} (base {baseId ?? "none"})");
        }

        return Judge(errno, item.Path, "writing the file");
    }

    /// <summary>
    /// A true concurrent edit: the vault holds <paramref name="vaultId"/>, not the version the local edit started
    /// from. The local edit goes into the vault as a conflict copy and the local file is re-hydrated to the vault's
    /// version (it is left as it is if it changed again meanwhile; its next close is written back the same way).
    /// </summary>
    private WriteBackOutcome KeepBoth(LocalItem item, StagedFile staged, string? baseId, ResolvedNode node, string? vaultId)
    {
        var errno = _vault.WriteConflictCopy(item.Path, staged, baseId, vaultId, out var copyPath);
        if (errno != Errno.None)
        {
            return Judge(errno, item.Path, "writing the local edit as a conflict copy");
        }

        _conflicts.Record("concurrent-edit", item.Path,
            $"changed in the vault and locally since version {baseId ?? "(unknown)"}; the vault's version is kept and the local edit written back as '{copyPath}'",
            vaultId);
        if (_content.Replace(item.FullPath, staged.ArtifactId, local => _vault.ReadInto(node.Inode, local), out var status))
        {
            _index.SetFull(item.Path, vaultId, status);
        }

        return WriteBackOutcome.Done;
    }

    /// <summary>
    /// Records a directory created locally (full, unknown to the index) as a local folder now in the vault. It is
    /// marked as a placeholder by <see cref="PlaceholderRefresher"/> when the vault first adds something to it (so
    /// ProjFS asks the provider for its entries), not before: ProjFS cannot rename a partial folder (projfs.md §4).
    /// </summary>
    private void RecordLocalFolder(LocalItem directory)
    {
        if (directory.IsFull && directory.Path.Length > 0 && !_index.TryGet(directory.Path, out _))
        {
            _index.AddDirectory(directory.Path, marked: false);
        }
    }

    private WriteBackOutcome Delete(string path)
    {
        if (_local.Inspect(path).Exists)
        {
            return WriteBackOutcome.Done; // the name came back; the entries that made it will write it
        }

        using var writing = _ledger.Writing(path);
        var errno = _vault.Remove(path);
        if (errno is Errno.None or Errno.ENOENT)
        {
            _ledger.Forget(path);
            foreach (var gone in _index.Under(path))
            {
                _index.Remove(gone);
            }

            _index.Add(path); // a placeholder deleted locally leaves a tombstone: keep asking ProjFS about it

            return WriteBackOutcome.Done;
        }

        if (errno == Errno.ENOTEMPTY)
        {
            _conflicts.Record("write-back-refused", path,
                "the directory was deleted locally but still has entries in the vault; it was kept in the vault");
            return WriteBackOutcome.Done;
        }

        return Judge(errno, path, "deleting");
    }

    private WriteBackOutcome Rename(string from, string to, bool isDirectory)
    {
        if (from.Length == 0)
        {
            return Reconcile(to, recursive: true); // moved in from outside the root
        }

        if (to.Length == 0)
        {
            return Delete(from); // moved out of the root
        }

        using var writing = _ledger.Writing(from, to);
        _index.Move(from, to); // the local records follow the local rename, whatever the vault does
        if (_vault.Exists(from, out _))
        {
            var errno = _vault.Rename(from, to);
            if (errno == Errno.None)
            {
                _ledger.Forget(from);
            }
            else if (errno is Errno.EEXIST or Errno.ENOTEMPTY or Errno.EISDIR or Errno.ENOTDIR)
            {
                _conflicts.Record("write-back-refused", to,
                    $"renaming '{from}' onto an incompatible vault item failed ({errno}); the local item is written separately");
            }
            else if (errno != Errno.ENOENT)
            {
                return Judge(errno, to, $"renaming from '{from}'");
            }
        }

        return Reconcile(to, recursive: isDirectory || _local.Inspect(to).IsDirectory);
    }

    private WriteBackOutcome HardLink(string existing, string newPath)
    {
        using var writing = _ledger.Writing(existing, newPath);
        if (_vault.Exists(existing, out _))
        {
            var errno = _vault.Link(existing, newPath);
            if (errno == Errno.None)
            {
                return WriteBackOutcome.Done;
            }

            if (errno is not (Errno.EEXIST or Errno.ENOENT))
            {
                return Judge(errno, newPath, $"linking to '{existing}'");
            }
        }

        return Reconcile(newPath, recursive: false);
    }

    private WriteBackOutcome Judge(Errno errno, string path, string what)
    {
        switch (errno)
        {
            case Errno.None:
                return WriteBackOutcome.Done;
            case Errno.EIO or Errno.EAGAIN or Errno.EBUSY or Errno.ENOSPC:
                _log.Warn($"write-back of '{path}' ({what}) failed with {errno}; will retry");
                return WriteBackOutcome.Retry;
            default:
                _conflicts.Record("write-back-refused", path, $"the vault refused {what} ({errno}); the local item is kept as it is");
                return WriteBackOutcome.Done;
        }
    }
}

using Indra.FileSystem;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// Applies one dirty-queue entry to the vault. It compares with what is on disk now rather than replaying blindly,
/// so that a queue that fell behind (a file written, renamed and renamed again before the worker got to it) still
/// ends with the vault equal to the disk:
/// <list type="bullet">
/// <item>created/modified: a full local file is written into the vault, a directory made; a path no longer on disk
/// needs nothing (a later entry says where it went);</item>
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
    private readonly VaultWriter _vault;
    private readonly ConflictLog _conflicts;
    private readonly WriteBackLedger _ledger;
    private readonly ProjFsLog _log;

    /// <summary>Creates the processor.</summary>
    public WriteBackProcessor(LocalTree local, VaultWriter vault, ConflictLog conflicts, WriteBackLedger ledger, ProjFsLog log)
    {
        _local = local;
        _vault = vault;
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
            if (outcome != WriteBackOutcome.Done || !recursive)
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

        Errno errno;
        string? id;
        using (var content = LocalTree.OpenRead(item))
        {
            errno = _vault.WriteFile(item.Path, content, out id);
        }

        if (errno == Errno.None && id is not null)
        {
            _ledger.Written(item.Path, id);
            _log.Debug($"wrote '{item.Path}' back: {id}");
        }

        return Judge(errno, item.Path, "writing the file");
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

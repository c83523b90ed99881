using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    /// <summary>Creates a directory (it is full; NEW_FILE_CREATED; rule 37).</summary>
    public void CreateDirectory(string path)
    {
        lock (_gate)
        {
            var lookup = Resolve(path);
            if (lookup.Found)
            {
                throw Fail($"'{path}' exists", HResult.AlreadyExists);
            }

            if (lookup.Tombstone is not null)
            {
                _items.Remove(lookup.Tombstone.Path);
            }

            var item = new EmulatedItem { Path = Combine(lookup.Parent!.Path, lookup.Name), IsDirectory = true, State = EmulatedItemState.Full };
            Directory.CreateDirectory(RealPath(item.Path));
            _items[item.Path] = item;
            MarkParentDirty(item.Path);
            Notify(PrjNotification.NewFileCreated, item.Path, isDirectory: true, Guid.NewGuid());
        }
    }

    /// <summary>
    /// Deletes a file (rules 27–29): a virtual file first becomes a placeholder; FILE_OPENED, PRE_DELETE (a veto is
    /// the application's error), then FILE_HANDLE_CLOSED_FILE_DELETED; a name the provider still projects
    /// (QueryFileName) becomes a tombstone. Read-only files cannot be deleted.
    /// </summary>
    public void Delete(string path)
    {
        lock (_gate)
        {
            var item = Existing(path);
            if (item.IsDirectory)
            {
                throw Fail($"'{path}' is a directory", HResult.AccessDenied);
            }

            if ((item.FileAttributes & FileAttributeBits.ReadOnly) != 0)
            {
                throw Fail($"'{path}' is read-only", HResult.AccessDenied);
            }

            CheckDeleteSharing(item, path);
            RecordIo("delete", item.Path);
            DeleteItem(item, path);
        }
    }

    /// <summary>
    /// Removes an empty directory (rule 30): it must have no local children and, for a placeholder directory, no
    /// projected names that are not tombstoned (ERROR_DIR_NOT_EMPTY); then as <see cref="Delete"/>.
    /// </summary>
    public void DeleteDirectory(string path)
    {
        lock (_gate)
        {
            var item = Existing(path);
            if (!item.IsDirectory)
            {
                throw Fail($"'{path}' is not a directory", HResult.NotADirectory);
            }

            var children = ChildrenOf(item).ToList();
            if (children.Any(c => c.State != EmulatedItemState.Tombstone))
            {
                throw Fail($"'{path}' is not empty", HResult.DirectoryNotEmpty);
            }

            if (item.State != EmulatedItemState.Full)
            {
                var listing = new EmulatedDirectoryHandle(this, item);
                var projected = QueryProvider(listing, null, restart: true, DirBufferCapacity.Unlimited);
                CloseListing(listing);
                if (projected.Any(p => !children.Any(c => CompareNames(NameOf(c.Path), p.Name) == 0)))
                {
                    throw Fail($"'{path}' is not empty", HResult.DirectoryNotEmpty);
                }
            }

            DeleteItem(item, path);
        }
    }

    /// <summary>
    /// Renames or moves (rules 31–35): placeholder directories cannot be moved (ERROR_NOT_SUPPORTED); a destination
    /// that exists, virtually or on disk, fails with ERROR_ALREADY_EXISTS unless <paramref name="replaceExisting"/>;
    /// PRE_RENAME can veto; the item keeps its state and original name for GetFileData; FILE_RENAMED follows, and the
    /// source name becomes a tombstone if the provider still projects it.
    /// </summary>
    public void Rename(string source, string destination, bool replaceExisting = false)
    {
        lock (_gate)
        {
            var item = Existing(source);
            if (item.IsDirectory && item.State != EmulatedItemState.Full)
            {
                throw Fail($"'{source}' is a partial (placeholder) directory and cannot be moved", HResult.NotSupported);
            }

            var target = Resolve(destination);
            if (target.Found && !ReferenceEquals(target.Item, item))
            {
                if (!replaceExisting)
                {
                    throw Fail($"'{destination}' exists", HResult.AlreadyExists);
                }

                if (target.Item!.IsDirectory || item.IsDirectory)
                {
                    throw Fail($"'{destination}' cannot be replaced", HResult.AccessDenied);
                }
            }

            CheckDeleteSharing(item, source);
            if (target.Found && !ReferenceEquals(target.Item, item))
            {
                CheckDeleteSharing(target.Item!, destination);
            }

            var parent = target.Found ? _items[Parent(target.Item!.Path)] : target.Parent!;
            var newPath = Combine(parent.Path, target.Found ? NameOf(Normalize(destination)) : target.Name);
            var oldPath = item.Path;
            RecordIo("rename", oldPath, newPath);
            var hr = Notify(PrjNotification.PreRename, oldPath, item.IsDirectory, Guid.NewGuid(), newPath);
            if (!HResult.Succeeded(hr))
            {
                throw Fail($"the provider refused to rename '{source}'", hr);
            }

            if (target.Found && !ReferenceEquals(target.Item, item))
            {
                _items.Remove(target.Item!.Path);
            }

            if (target.Tombstone is not null)
            {
                _items.Remove(target.Tombstone.Path);
            }

            if (item.IsDirectory)
            {
                Directory.Move(RealPath(oldPath), RealPath(newPath));
            }
            else
            {
                File.Move(RealPath(oldPath), RealPath(newPath), overwrite: true);
            }

            foreach (var moved in _items.Values.Where(i => IsSameOrUnder(i.Path, oldPath)).ToList())
            {
                _items.Remove(moved.Path);
                moved.Path = newPath + moved.Path[oldPath.Length..];
                _items[moved.Path] = moved;
            }

            MarkParentDirty(oldPath);
            MarkParentDirty(newPath);
            var tombstone = SameName(oldPath, newPath) ? null : PlaceTombstone(oldPath, item.IsDirectory);
            Notify(PrjNotification.FileRenamed, oldPath, item.IsDirectory, Guid.NewGuid(), newPath);
            KeepTombstoneIfProjected(tombstone);
        }
    }

    /// <summary>Moves a file from outside the root into it (PRE_RENAME and FILE_RENAMED with an empty source; rule 31).</summary>
    public void MoveIn(string externalFile, string destination)
    {
        lock (_gate)
        {
            var target = Resolve(destination);
            if (target.Found)
            {
                throw Fail($"'{destination}' exists", HResult.AlreadyExists);
            }

            var newPath = Combine(target.Parent!.Path, target.Name);
            var hr = Notify(PrjNotification.PreRename, string.Empty, isDirectory: false, Guid.NewGuid(), newPath);
            if (!HResult.Succeeded(hr))
            {
                throw Fail($"the provider refused to move '{externalFile}' in", hr);
            }

            File.Move(externalFile, RealPath(newPath));
            _items[newPath] = new EmulatedItem { Path = newPath, IsDirectory = false, State = EmulatedItemState.Full };
            MarkParentDirty(newPath);
            Notify(PrjNotification.FileRenamed, string.Empty, isDirectory: false, Guid.NewGuid(), newPath);
        }
    }

    /// <summary>
    /// Creates hard link <paramref name="newLink"/> to file <paramref name="existing"/>: PRE_SET_HARDLINK (veto), then
    /// HARDLINK_CREATED. The emulator hydrates the file and makes both names full (what ProjFS does here is UNVERIFIED).
    /// </summary>
    public void CreateHardLink(string existing, string newLink)
    {
        lock (_gate)
        {
            var item = Existing(existing);
            if (item.IsDirectory)
            {
                throw Fail($"'{existing}' is a directory", HResult.AccessDenied);
            }

            var target = Resolve(newLink);
            if (target.Found)
            {
                throw Fail($"'{newLink}' exists", HResult.AlreadyExists);
            }

            var newPath = Combine(target.Parent!.Path, target.Name);
            var fileId = Guid.NewGuid();
            var hr = Notify(PrjNotification.PreSetHardlink, item.Path, isDirectory: false, fileId, newPath);
            if (!HResult.Succeeded(hr))
            {
                throw Fail($"the provider refused to link '{newLink}'", hr);
            }

            if (item.State == EmulatedItemState.Placeholder)
            {
                Hydrate(item, new EmulatedFileHandle(this, item, FileAccess.Read));
            }

            item.State = EmulatedItemState.Full;
            if (target.Tombstone is not null)
            {
                _items.Remove(target.Tombstone.Path);
            }

            if (LibC.Link(RealPath(item.Path), RealPath(newPath)) != 0)
            {
                throw Fail($"link('{item.Path}', '{newPath}') failed", HResult.FromWin32(System.Runtime.InteropServices.Marshal.GetLastPInvokeError()));
            }

            _items[newPath] = new EmulatedItem { Path = newPath, IsDirectory = false, State = EmulatedItemState.Full };
            MarkParentDirty(newPath);
            Notify(PrjNotification.HardlinkCreated, item.Path, isDirectory: false, fileId, newPath);
        }
    }

    /// <summary>Changes FILE_ATTRIBUTE_* bits (a placeholder becomes dirty; no notification; rule 26).</summary>
    public void SetAttributes(string path, uint fileAttributes)
    {
        lock (_gate)
        {
            var item = Existing(path);
            item.FileAttributes = fileAttributes;
            MarkMetadataDirty(item);
        }
    }

    /// <summary>Changes the last write time (a placeholder becomes dirty; no notification; rule 26).</summary>
    public void SetLastWriteTime(string path, DateTime utc)
    {
        lock (_gate)
        {
            var item = Existing(path);
            File.SetLastWriteTimeUtc(RealPath(item.Path), utc);
            MarkMetadataDirty(item);
        }
    }

    private static void MarkMetadataDirty(EmulatedItem item)
    {
        if (item.State != EmulatedItemState.Full)
        {
            item.DirtyMetadata = true;
        }
    }

    private EmulatedItem Existing(string path)
    {
        var lookup = Resolve(path);
        return lookup.Found ? lookup.Item! : throw Fail($"'{path}' not found", HResult.FileNotFound);
    }

    private void DeleteItem(EmulatedItem item, string path)
    {
        var fileId = Guid.NewGuid();
        var hr = Notify(PrjNotification.FileOpened, item.Path, item.IsDirectory, fileId);
        if (!HResult.Succeeded(hr))
        {
            throw Fail($"the provider cancelled the open of '{path}'", hr);
        }

        hr = Notify(PrjNotification.PreDelete, item.Path, item.IsDirectory, fileId);
        if (!HResult.Succeeded(hr))
        {
            Notify(PrjNotification.FileHandleClosedNoModification, item.Path, item.IsDirectory, fileId);
            throw Fail($"the provider refused to delete '{path}'", hr);
        }

        if (item.IsDirectory)
        {
            foreach (var child in ChildrenOf(item))
            {
                _items.Remove(child.Path);
            }

            Directory.Delete(RealPath(item.Path));
        }
        else
        {
            File.Delete(RealPath(item.Path));
        }

        _items.Remove(item.Path);
        MarkParentDirty(item.Path);
        var tombstone = PlaceTombstone(item.Path, item.IsDirectory);
        Notify(PrjNotification.FileHandleClosedFileDeleted, item.Path, item.IsDirectory, fileId, isFileModified: false);
        KeepTombstoneIfProjected(tombstone);
    }

    /// <summary>
    /// A deleted or renamed-away name under a placeholder directory becomes a tombstone at once, before the lock is
    /// released for the notification and QueryFileName: the driver's delete or rename is one operation, so no other
    /// lookup meanwhile may find the name missing, ask GetPlaceholderInfo and bring the file back. Null when the
    /// parent is full or no provider runs (nothing is projected there).
    /// </summary>
    private EmulatedItem? PlaceTombstone(string path, bool isDirectory)
    {
        if (!_active || _callbacks is null || !_items.TryGetValue(Parent(path), out var parent) || parent.State == EmulatedItemState.Full)
        {
            return null;
        }

        var tombstone = new EmulatedItem { Path = path, IsDirectory = isDirectory, State = EmulatedItemState.Tombstone };
        _items[path] = tombstone;
        return tombstone;
    }

    /// <summary>Asks whether the provider still projects the name (QueryFileName; rule 28): the tombstone stays only if so.</summary>
    private void KeepTombstoneIfProjected(EmulatedItem? tombstone)
    {
        if (tombstone is null || !_active || _callbacks is null)
        {
            return;
        }

        var callbacks = _callbacks;
        var hr = Invoke($"QueryFileName({tombstone.Path})", NewData(tombstone.Path, null), callbacks.QueryFileName);
        if (hr != HResult.Ok && _items.TryGetValue(tombstone.Path, out var current) && ReferenceEquals(current, tombstone))
        {
            _items.Remove(tombstone.Path);
        }
    }

    private void CloseListing(EmulatedDirectoryHandle listing)
    {
        listing.IsClosed = true;
        if (listing.EnumerationId is { } id && _callbacks is not null)
        {
            var callbacks = _callbacks;
            Invoke($"EndDirectoryEnumeration({listing.Item.Path})", NewData(listing.Item.Path, listing.Item.Version, listing.FileId),
                d => callbacks.EndDirectoryEnumeration(d, id));
        }
    }
}

using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    /// <inheritdoc />
    public int MarkDirectoryAsPlaceholder(string rootPath, string? targetPath, PlaceholderVersion? versionInfo, Guid instanceId)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(targetPath))
            {
                if (!SameRoot(rootPath))
                {
                    return Api(HResult.PathNotFound);
                }

                if (_instanceId is not null)
                {
                    return Api(HResult.ReparsePointEncountered);
                }

                _instanceId = instanceId;
                _items[string.Empty] = new EmulatedItem
                {
                    Path = string.Empty,
                    IsDirectory = true,
                    State = EmulatedItemState.Placeholder,
                    Version = versionInfo ?? PlaceholderVersion.Empty,
                };
                return HResult.Ok;
            }

            var relative = Normalize(Path.GetRelativePath(RootDirectory, targetPath));
            if (!_items.TryGetValue(relative, out var item))
            {
                return Api(HResult.PathNotFound);
            }

            if (!item.IsDirectory)
            {
                return Api(HResult.NotADirectory);
            }

            if (item.State != EmulatedItemState.Full)
            {
                return Api(HResult.ReparsePointEncountered);
            }

            item.State = EmulatedItemState.Placeholder;
            item.Version = versionInfo ?? PlaceholderVersion.Empty;
            return HResult.Ok;
        }
    }

    /// <inheritdoc />
    public int StartVirtualizing(string rootPath, IProjFsCallbacks callbacks, VirtualizationOptions options)
    {
        lock (_gate)
        {
            if (!SameRoot(rootPath) || _instanceId is null)
            {
                return HResult.ReparseTagMismatch;
            }

            if (_active)
            {
                return HResult.VirtualizationInvalidOperation;
            }

            foreach (var other in ActiveRoots.Keys)
            {
                if (Nested(RootDirectory, other) || Nested(other, RootDirectory))
                {
                    return HResult.VirtualizationInvalidOperation;
                }
            }

            if (!ActiveRoots.TryAdd(RootDirectory, this))
            {
                return HResult.VirtualizationInvalidOperation;
            }

            _callbacks = callbacks;
            _options = options;
            _active = true;
            _negativeCache.Clear();
            _pool = new CallbackPool(options.PoolThreadCount > 0 ? (int)Math.Min(options.PoolThreadCount, 16u) : Options.CallbackThreads);
            return HResult.Ok;
        }
    }

    /// <summary>
    /// PrjStopVirtualizing: no new callback starts; the call returns only once every running callback has returned
    /// (the provider's ProjFS calls keep working meanwhile), so no callback runs after it returns. Callbacks still
    /// pending (ERROR_IO_PENDING) fail for the application with ERROR_FILE_SYSTEM_VIRTUALIZATION_UNAVAILABLE. Calling
    /// it from a callback would wait for itself: a violation.
    /// </summary>
    public void StopVirtualizing()
    {
        CallbackPool? pool;
        lock (_gate)
        {
            if (!_active)
            {
                return;
            }

            if (CallbackPool.IsCallbackThread && _running.Any(c => ReferenceEquals(c, _currentCall)))
            {
                Violation("PrjStopVirtualizing was called from a callback: it waits for callbacks to return, so it would wait for itself");
            }

            _active = false;
            _stopping = true;
            try
            {
                while (_running.Count > 0)
                {
                    System.Threading.Monitor.Wait(_gate);
                }
            }
            finally
            {
                _stopping = false;
            }

            foreach (var command in _pendingCommands.Where(c => c.Value is null).Select(c => c.Key).ToList())
            {
                _pendingCommands[command] = HResult.VirtualizationUnavailable;
            }

            System.Threading.Monitor.PulseAll(_gate);
            _callbacks = null;
            pool = _pool;
            _pool = null;
            ActiveRoots.TryRemove(RootDirectory, out _);
        }

        pool?.Dispose();
    }

    /// <inheritdoc />
    public int WritePlaceholderInfo(string destinationFileName, PlaceholderInfo info)
    {
        lock (_gate)
        {
            var destination = Normalize(destinationFileName);
            if (destination.Length == 0)
            {
                return Api(HResult.InvalidParameter);
            }

            var request = _currentCall?.PlaceholderRequest
                ?? _running.Select(c => c.PlaceholderRequest).FirstOrDefault(r => r is not null && CompareNames(r.CallerPath, destination) == 0);
            if (request is not null && CompareNames(request.CallerPath, destination) == 0)
            {
                return CreatePlaceholderIn(request.Parent, NameOf(destination), info);
            }

            if (request is not null && SameName(Parent(destination), Parent(request.CallerPath)))
            {
                RecordViolation($"PrjWritePlaceholderInfo named '{destination}' while GetPlaceholderInfo asked for '{request.CallerPath}'");
                return Api(HResult.InvalidParameter);
            }

            if (!_items.TryGetValue(Parent(destination), out var parent) || !parent.IsDirectory || parent.State == EmulatedItemState.Tombstone)
            {
                return Api(HResult.PathNotFound);
            }

            if (_items.TryGetValue(destination, out var existing) && existing.State != EmulatedItemState.Tombstone)
            {
                return Api(HResult.FileExists);
            }

            return CreatePlaceholderIn(parent, NameOf(destination), info);
        }
    }

    private int CreatePlaceholderIn(EmulatedItem parent, string name, PlaceholderInfo info)
    {
        if (WindowsNameCheck.Problem(name) is { } problem)
        {
            RecordViolation($"PrjWritePlaceholderInfo named '{name}', a name Windows cannot hold: {problem}");
            return Api(HResult.InvalidName);
        }

        if (info.BasicInfo.FileSize < 0)
        {
            RecordViolation($"placeholder '{name}' has a negative size");
            return Api(HResult.InvalidParameter);
        }

        // Two lookups of one missing name may both ask GetPlaceholderInfo (the gate is released during callbacks);
        // ProjFS lays the placeholder down once, so the second answer leaves the first (which a handle may already
        // hold, and be hydrating) in place instead of replacing it with a new, empty one.
        if (_items.TryGetValue(Combine(parent.Path, name), out var laid) && laid.State != EmulatedItemState.Tombstone)
        {
            return HResult.Ok;
        }

        _items.Remove(Combine(parent.Path, name));
        CreatePlaceholder(parent, name, info);
        return HResult.Ok;
    }

    /// <inheritdoc />
    public int UpdateFileIfNeeded(string destinationFileName, PlaceholderInfo info, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason)
    {
        lock (_gate)
        {
            failureReason = PrjUpdateFailureCauses.None;
            if (!_items.TryGetValue(Normalize(destinationFileName), out var item))
            {
                return Api(HResult.FileNotFound); // virtual items cannot be updated
            }

            if (item.State != EmulatedItemState.Tombstone && item.Version is not null && item.Version.SameAs(info.Version))
            {
                return HResult.Ok;
            }

            if (item.IsDirectory && ChildrenOf(item).Any())
            {
                return Api(HResult.DirectoryNotEmpty);
            }

            if (item.OpenHandles > 0)
            {
                return Api(HResult.SharingViolation);
            }

            failureReason = MissingFlags(item, updateFlags);
            if (failureReason != PrjUpdateFailureCauses.None)
            {
                return Api(HResult.VirtualizationInvalidOperation);
            }

            var parent = _items[Parent(item.Path)];
            var name = NameOf(item.Path);
            if (!item.IsDirectory)
            {
                File.Delete(RealPath(item.Path));
            }

            CreatePlaceholder(parent, name, info);
            return HResult.Ok;
        }
    }

    /// <inheritdoc />
    public int DeleteFile(string destinationFileName, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason)
    {
        lock (_gate)
        {
            failureReason = PrjUpdateFailureCauses.None;
            if (!_items.TryGetValue(Normalize(destinationFileName), out var item))
            {
                return Api(HResult.FileNotFound);
            }

            if (item.IsDirectory && ChildrenOf(item).Any(c => c.State != EmulatedItemState.Tombstone))
            {
                return Api(HResult.DirectoryNotEmpty);
            }

            if (item.OpenHandles > 0)
            {
                return Api(HResult.SharingViolation);
            }

            failureReason = MissingFlags(item, updateFlags);
            if (failureReason != PrjUpdateFailureCauses.None)
            {
                return Api(HResult.VirtualizationInvalidOperation);
            }

            if (item.State != EmulatedItemState.Tombstone)
            {
                var real = RealPath(item.Path);
                if (item.IsDirectory)
                {
                    foreach (var tombstone in ChildrenOf(item))
                    {
                        _items.Remove(tombstone.Path);
                    }

                    Directory.Delete(real);
                }
                else
                {
                    File.Delete(real);
                }
            }

            _items.Remove(item.Path);
            return HResult.Ok;
        }
    }

    private static PrjUpdateFailureCauses MissingFlags(EmulatedItem item, PrjUpdateTypes flags)
    {
        var causes = PrjUpdateFailureCauses.None;
        if (item.DirtyMetadata && (flags & PrjUpdateTypes.AllowDirtyMetadata) == 0)
        {
            causes |= PrjUpdateFailureCauses.DirtyMetadata;
        }

        if (item.State == EmulatedItemState.Full && (flags & PrjUpdateTypes.AllowDirtyData) == 0)
        {
            causes |= PrjUpdateFailureCauses.DirtyData;
        }

        if (item.State == EmulatedItemState.Tombstone && (flags & PrjUpdateTypes.AllowTombstone) == 0)
        {
            causes |= PrjUpdateFailureCauses.Tombstone;
        }

        if ((item.FileAttributes & FileAttributeBits.ReadOnly) != 0 && (flags & PrjUpdateTypes.AllowReadOnly) == 0)
        {
            causes |= PrjUpdateFailureCauses.ReadOnly;
        }

        return causes;
    }

    /// <inheritdoc />
    public int WriteFileData(Guid dataStreamId, ReadOnlySpan<byte> buffer, ulong byteOffset)
    {
        lock (_gate)
        {
            if (!_hydrations.TryGetValue(dataStreamId, out var hydration))
            {
                return Api(HResult.InvalidParameter);
            }

            if (hydration.HandleGone || hydration.Handle.IsClosed)
            {
                return Api(HResult.InvalidHandle);
            }

            var end = byteOffset + (ulong)buffer.Length;
            if (end > (ulong)hydration.Data.Length)
            {
                RecordViolation($"PrjWriteFileData for '{hydration.Item.Path}' wrote past the end of the file ({end} > {hydration.Data.Length})");
                return Api(HResult.InvalidParameter);
            }

            var alignment = Options.WriteAlignment;
            if (alignment > 0 && (byteOffset % alignment != 0 || ((ulong)buffer.Length % alignment != 0 && end != (ulong)hydration.Data.Length)))
            {
                return Api(HResult.OffsetAlignmentViolation);
            }

            buffer.CopyTo(hydration.Data.AsSpan((int)byteOffset));
            hydration.Covered.Add(((long)byteOffset, (long)end));
            hydration.Writes++;
            hydration.HandleGone |= hydration.CloseHandleAfterFirstWrite;

            return HResult.Ok;
        }
    }

    /// <inheritdoc />
    public int FillDirEntryBuffer(DirEntryBufferHandle buffer, string fileName, in FileBasicInfo basicInfo)
    {
        lock (_gate)
        {
            if (!_buffers.TryGetValue(buffer.Value, out var target))
            {
                RecordViolation($"PrjFillDirEntryBuffer used an unknown or expired buffer handle for '{fileName}'");
                return Api(HResult.InvalidParameter);
            }

            if (string.IsNullOrEmpty(fileName) || fileName.Contains('\\'))
            {
                RecordViolation($"PrjFillDirEntryBuffer got an invalid name '{fileName}'");
                return Api(HResult.InvalidParameter);
            }

            if (WindowsNameCheck.Problem(fileName) is { } problem)
            {
                RecordViolation($"PrjFillDirEntryBuffer got '{fileName}', a name Windows cannot hold: {problem}");
                return Api(HResult.InvalidName);
            }

            return target.TryAdd(fileName, basicInfo) ? HResult.Ok : HResult.InsufficientBuffer;
        }
    }

    /// <summary>
    /// PrjGetOnDiskFileState. It opens the path the way an application's open does (rule 17), so a path that is
    /// virtual makes ProjFS call GetPlaceholderInfo for each virtual component and lays placeholders down (the
    /// documentation warns that it may invoke callbacks); nothing on disk and nothing projected is
    /// ERROR_FILE_NOT_FOUND. Called from a callback it would wait for a callback thread: a violation.
    /// </summary>
    public int GetOnDiskFileState(string fullPath, out PrjFileState state)
    {
        lock (_gate)
        {
            state = PrjFileState.None;
            var relative = Normalize(Path.GetRelativePath(RootDirectory, fullPath));
            if (relative.StartsWith("..", StringComparison.Ordinal))
            {
                return HResult.FileNotFound;
            }

            if (!_items.TryGetValue(relative, out var item))
            {
                try
                {
                    item = _active ? Resolve(relative).Item : null;
                }
                catch (EmulatedIOException)
                {
                    item = null;
                }

                if (item is null)
                {
                    return HResult.FileNotFound;
                }
            }

            state = item.State switch
            {
                EmulatedItemState.Full => PrjFileState.Full,
                EmulatedItemState.Tombstone => PrjFileState.Tombstone,
                EmulatedItemState.HydratedPlaceholder => PrjFileState.HydratedPlaceholder,
                _ => PrjFileState.Placeholder,
            };
            if (item.DirtyMetadata && state is PrjFileState.Placeholder or PrjFileState.HydratedPlaceholder)
            {
                state |= PrjFileState.DirtyPlaceholder;
            }

            return HResult.Ok;
        }
    }

    /// <inheritdoc />
    public int ClearNegativePathCache(out uint totalEntryNumber)
    {
        lock (_gate)
        {
            totalEntryNumber = (uint)_negativeCache.Count;
            _negativeCache.Clear();
            return HResult.Ok;
        }
    }

    /// <inheritdoc />
    public int GetVirtualizationInstanceInfo(out Guid instanceId, out uint writeAlignment)
    {
        lock (_gate)
        {
            instanceId = _instanceId ?? Guid.Empty;
            writeAlignment = Options.WriteAlignment == 0 ? 1 : Options.WriteAlignment;
            return _instanceId is null ? HResult.InvalidHandle : HResult.Ok;
        }
    }

    private static bool Nested(string path, string ancestor) =>
        path.Equals(ancestor, StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(Path.TrimEndingDirectorySeparator(ancestor) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);

    private bool SameRoot(string rootPath) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath)), Path.TrimEndingDirectorySeparator(RootDirectory), StringComparison.Ordinal);
}

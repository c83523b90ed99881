using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Interop;

namespace Indra.Platform.ProjFS.Native;

/// <summary>
/// <see cref="IProjFsApi"/> over ProjectedFSLib.dll for one virtualization instance. It owns the instance context
/// (a <see cref="GCHandle"/> to the provider), the notification mapping strings (which must stay alive for the whole
/// life of the instance, projfs.md §2.2) and the PRJ_NAMESPACE_VIRTUALIZATION_CONTEXT; all are released by
/// <see cref="StopVirtualizing"/>. File data is copied into buffers from PrjAllocateAlignedBuffer, so unbuffered
/// readers get aligned buffers.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class NativeProjFsApi : IProjFsApi
{
    private readonly Lock _gate = new();
    private VirtualizationContextHandle? _context;
    private GCHandle _instance;
    private PrjNotificationMapping* _mappings;
    private nint[] _mappingRoots = [];
    private bool _stopping;

    /// <inheritdoc />
    public int MarkDirectoryAsPlaceholder(string rootPath, string? targetPath, PlaceholderVersion? versionInfo, Guid instanceId)
    {
        PrjPlaceholderVersionInfo native = default;
        if (versionInfo is not null)
        {
            NativeMarshalling.ToNative(versionInfo, &native);
        }

        return ProjectedFSLib.PrjMarkDirectoryAsPlaceholder(rootPath, string.IsNullOrEmpty(targetPath) ? null : targetPath,
            versionInfo is null ? null : &native, &instanceId);
    }

    /// <inheritdoc />
    public int StartVirtualizing(string rootPath, IProjFsCallbacks callbacks, VirtualizationOptions options)
    {
        lock (_gate)
        {
            if (_context is not null)
            {
                return HResult.VirtualizationInvalidOperation;
            }

            _instance = GCHandle.Alloc(new NativeInstance(callbacks));
            AllocateMappings(options.NotificationMappings);
            var nativeOptions = new PrjStartVirtualizingOptions
            {
                Flags = options.Flags,
                PoolThreadCount = options.PoolThreadCount,
                ConcurrentThreadCount = options.ConcurrentThreadCount,
                NotificationMappings = _mappings,
                NotificationMappingsCount = (uint)_mappingRoots.Length,
            };
            var table = CallbackTrampolines.Table();
            var hr = ProjectedFSLib.PrjStartVirtualizing(rootPath, &table, GCHandle.ToIntPtr(_instance), &nativeOptions, out var context);
            if (!HResult.Succeeded(hr))
            {
                context.Dispose();
                FreeInstance();
                return hr;
            }

            _context = context;
            return hr;
        }
    }

    /// <summary>
    /// PrjStopVirtualizing, called directly (not through the SafeHandle's release, which a provider call in progress
    /// on a callback thread could defer past this method and onto that thread): it returns once every running callback
    /// returned, and those callbacks may still use the context meanwhile. Only then are the context handle, the
    /// instance GCHandle and the notification mapping strings released, so no callback can meet freed memory.
    /// Idempotent.
    /// </summary>
    public void StopVirtualizing()
    {
        VirtualizationContextHandle? context;
        lock (_gate)
        {
            context = _context;
            if (context is null || context.IsInvalid || context.IsClosed || _stopping)
            {
                return;
            }

            _stopping = true;
        }

        ProjectedFSLib.PrjStopVirtualizing(context.DangerousGetHandle());
        lock (_gate)
        {
            if (!ReferenceEquals(_context, context))
            {
                return;
            }

            _context = null;
            _stopping = false;
            context.SetHandleAsInvalid(); // stopped already: the release must not stop it again
            context.Dispose();
            FreeInstance();
        }
    }

    /// <inheritdoc />
    public int WritePlaceholderInfo(string destinationFileName, PlaceholderInfo info)
    {
        var native = NativeMarshalling.ToNative(info);
        return Context(out var context)
            ? ProjectedFSLib.PrjWritePlaceholderInfo(context, destinationFileName, &native, (uint)sizeof(PrjPlaceholderInfo))
            : HResult.InvalidHandle;
    }

    /// <inheritdoc />
    public int UpdateFileIfNeeded(string destinationFileName, PlaceholderInfo info, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason)
    {
        failureReason = PrjUpdateFailureCauses.None;
        var native = NativeMarshalling.ToNative(info);
        return Context(out var context)
            ? ProjectedFSLib.PrjUpdateFileIfNeeded(context, destinationFileName, &native, (uint)sizeof(PrjPlaceholderInfo), updateFlags, out failureReason)
            : HResult.InvalidHandle;
    }

    /// <inheritdoc />
    public int DeleteFile(string destinationFileName, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason)
    {
        failureReason = PrjUpdateFailureCauses.None;
        return Context(out var context)
            ? ProjectedFSLib.PrjDeleteFile(context, destinationFileName, updateFlags, out failureReason)
            : HResult.InvalidHandle;
    }

    /// <inheritdoc />
    public int WriteFileData(Guid dataStreamId, ReadOnlySpan<byte> buffer, ulong byteOffset)
    {
        if (!Context(out var context))
        {
            return HResult.InvalidHandle;
        }

        var aligned = ProjectedFSLib.PrjAllocateAlignedBuffer(context, (nuint)buffer.Length);
        if (aligned is null)
        {
            return HResult.OutOfMemory;
        }

        try
        {
            buffer.CopyTo(new Span<byte>(aligned, buffer.Length));
            return ProjectedFSLib.PrjWriteFileData(context, &dataStreamId, aligned, byteOffset, (uint)buffer.Length);
        }
        finally
        {
            ProjectedFSLib.PrjFreeAlignedBuffer(aligned);
        }
    }

    /// <inheritdoc />
    public int FillDirEntryBuffer(DirEntryBufferHandle buffer, string fileName, in FileBasicInfo basicInfo)
    {
        var native = NativeMarshalling.ToNative(basicInfo);
        return ProjectedFSLib.PrjFillDirEntryBuffer(fileName, &native, buffer.Value);
    }

    /// <inheritdoc />
    public int GetOnDiskFileState(string fullPath, out PrjFileState state) =>
        ProjectedFSLib.PrjGetOnDiskFileState(fullPath, out state);

    /// <inheritdoc />
    public int CompleteCommand(int commandId, int completionResult, PrjNotifyTypes? newNotificationMask = null, DirEntryBufferHandle? enumerationBuffer = null)
    {
        if (!Context(out var context))
        {
            return HResult.InvalidHandle;
        }

        PrjCompleteCommandExtendedParameters extended = default;
        if (newNotificationMask is { } mask)
        {
            extended.CommandType = PrjCompleteCommandExtendedParameters.TypeNotification;
            extended.NotificationMask = mask;
        }
        else if (enumerationBuffer is { } handle)
        {
            extended.CommandType = PrjCompleteCommandExtendedParameters.TypeEnumeration;
            extended.DirEntryBufferHandle = handle.Value;
        }

        return ProjectedFSLib.PrjCompleteCommand(context, commandId, completionResult, extended.CommandType == 0 ? null : &extended);
    }

    /// <inheritdoc />
    public int ClearNegativePathCache(out uint totalEntryNumber)
    {
        totalEntryNumber = 0;
        return Context(out var context)
            ? ProjectedFSLib.PrjClearNegativePathCache(context, out totalEntryNumber)
            : HResult.InvalidHandle;
    }

    /// <inheritdoc />
    public int GetVirtualizationInstanceInfo(out Guid instanceId, out uint writeAlignment)
    {
        instanceId = Guid.Empty;
        writeAlignment = 0;
        if (!Context(out var context))
        {
            return HResult.InvalidHandle;
        }

        var hr = ProjectedFSLib.PrjGetVirtualizationInstanceInfo(context, out var info);
        instanceId = info.InstanceId;
        writeAlignment = info.WriteAlignment;
        return hr;
    }

    private bool Context(out VirtualizationContextHandle context)
    {
        context = _context!;
        return context is { IsInvalid: false, IsClosed: false };
    }

    private void AllocateMappings(IReadOnlyList<NotificationMapping> mappings)
    {
        _mappingRoots = new nint[mappings.Count];
        _mappings = mappings.Count == 0 ? null : (PrjNotificationMapping*)NativeMemory.AllocZeroed((nuint)mappings.Count, (nuint)sizeof(PrjNotificationMapping));
        for (var i = 0; i < mappings.Count; i++)
        {
            _mappingRoots[i] = Marshal.StringToHGlobalUni(mappings[i].Root);
            _mappings[i].NotificationBitMask = mappings[i].Mask;
            _mappings[i].NotificationRoot = (char*)_mappingRoots[i];
        }
    }

    private void FreeInstance()
    {
        foreach (var root in _mappingRoots)
        {
            Marshal.FreeHGlobal(root);
        }

        _mappingRoots = [];
        if (_mappings is not null)
        {
            NativeMemory.Free(_mappings);
            _mappings = null;
        }

        if (_instance.IsAllocated)
        {
            _instance.Free();
        }
    }
}

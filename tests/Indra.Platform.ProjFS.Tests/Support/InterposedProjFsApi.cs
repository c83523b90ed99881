using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.Support;

/// <summary>
/// The emulator as the host sees it, with a count of refusals: PrjDeleteFile and PrjUpdateFileIfNeeded failing with
/// ERROR_SHARING_VIOLATION on a path <see cref="HoldOpen"/> names (the emulator refuses them by itself for any handle
/// really open, an application's or the host's; this counts the refusals), and a record of the host's calls around PrjStopVirtualizing
/// (calls in flight when it was called, calls after it returned). <see cref="BlockOnDiskState"/> holds the host's
/// next PrjGetOnDiskFileState of a path until released.
/// </summary>
public sealed class InterposedProjFsApi(ProjFsEmulator emulator) : IProjFsApi, IProjFsApiFactory
{
    /// <summary>ERROR_SHARING_VIOLATION as an HRESULT.</summary>
    public const int SharingViolation = unchecked((int)0x80070020);

    private readonly Lock _gate = new();
    private readonly HashSet<string> _held = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _violations = [];
    private int _inFlight;
    private bool _stopped;
    private string? _blockPath;
    private ManualResetEventSlim? _block;

    private readonly List<string> _onDiskQueries = [];

    /// <summary>The full paths the host asked PrjGetOnDiskFileState about, in order.</summary>
    public IReadOnlyList<string> OnDiskStateQueries
    {
        get
        {
            lock (_gate)
            {
                return [.. _onDiskQueries];
            }
        }
    }

    /// <summary>Failed PrjDeleteFile/PrjUpdateFileIfNeeded calls on held paths.</summary>
    public int RefusedCalls { get; private set; }

    /// <summary>Host calls made while PrjStopVirtualizing was called or after it.</summary>
    public IReadOnlyList<string> ShutdownViolations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>True while the host is inside a blocked PrjGetOnDiskFileState.</summary>
    public bool Blocked { get; private set; }

    /// <summary>Holds a handle on <paramref name="path"/> (relative) until <see cref="Release"/>.</summary>
    public void HoldOpen(string path)
    {
        lock (_gate)
        {
            _held.Add(path);
        }
    }

    /// <summary>Closes the handle <see cref="HoldOpen"/> opened.</summary>
    public void Release(string path)
    {
        lock (_gate)
        {
            _held.Remove(path);
        }
    }

    /// <summary>Makes the next PrjGetOnDiskFileState of a full path ending with <paramref name="pathSuffix"/> wait
    /// until the returned event is set.</summary>
    public ManualResetEventSlim BlockOnDiskState(string pathSuffix)
    {
        _block = new ManualResetEventSlim(false);
        _blockPath = pathSuffix;
        return _block;
    }

    /// <inheritdoc />
    public bool IsAvailable(out string reason)
    {
        reason = string.Empty;
        return true;
    }

    /// <inheritdoc />
    public IProjFsApi Create() => this;

    /// <inheritdoc />
    public int MarkDirectoryAsPlaceholder(string rootPath, string? targetPath, PlaceholderVersion? versionInfo, Guid instanceId) =>
        Call(nameof(MarkDirectoryAsPlaceholder), () => emulator.MarkDirectoryAsPlaceholder(rootPath, targetPath, versionInfo, instanceId));

    /// <inheritdoc />
    public int StartVirtualizing(string rootPath, IProjFsCallbacks callbacks, VirtualizationOptions options)
    {
        lock (_gate)
        {
            _stopped = false;
        }

        return emulator.StartVirtualizing(rootPath, callbacks, options);
    }

    /// <inheritdoc />
    public void StopVirtualizing()
    {
        lock (_gate)
        {
            if (_inFlight > 0)
            {
                _violations.Add($"PrjStopVirtualizing while {_inFlight} host call(s) were in flight");
            }
        }

        emulator.StopVirtualizing();
        lock (_gate)
        {
            _stopped = true;
        }
    }

    /// <inheritdoc />
    public int WritePlaceholderInfo(string destinationFileName, PlaceholderInfo info) => emulator.WritePlaceholderInfo(destinationFileName, info);

    /// <inheritdoc />
    public int UpdateFileIfNeeded(string destinationFileName, PlaceholderInfo info, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason)
    {
        var cause = PrjUpdateFailureCauses.None;
        var hr = Call(nameof(UpdateFileIfNeeded), () => Refused(destinationFileName)
            ? SharingViolation
            : emulator.UpdateFileIfNeeded(destinationFileName, info, updateFlags, out cause));
        failureReason = cause;
        return hr;
    }

    /// <inheritdoc />
    public int DeleteFile(string destinationFileName, PrjUpdateTypes updateFlags, out PrjUpdateFailureCauses failureReason)
    {
        var cause = PrjUpdateFailureCauses.None;
        var hr = Call(nameof(DeleteFile), () => Refused(destinationFileName)
            ? SharingViolation
            : emulator.DeleteFile(destinationFileName, updateFlags, out cause));
        failureReason = cause;
        return hr;
    }

    /// <inheritdoc />
    public int WriteFileData(Guid dataStreamId, ReadOnlySpan<byte> buffer, ulong byteOffset) => emulator.WriteFileData(dataStreamId, buffer, byteOffset);

    /// <inheritdoc />
    public int FillDirEntryBuffer(DirEntryBufferHandle buffer, string fileName, in FileBasicInfo basicInfo) =>
        emulator.FillDirEntryBuffer(buffer, fileName, basicInfo);

    /// <inheritdoc />
    public int GetOnDiskFileState(string fullPath, out PrjFileState state)
    {
        var result = PrjFileState.None;
        lock (_gate)
        {
            _onDiskQueries.Add(fullPath);
        }

        var hr = Call(nameof(GetOnDiskFileState), () =>
        {
            if (_blockPath is not null && fullPath.EndsWith(_blockPath, StringComparison.OrdinalIgnoreCase) && _block is { } block)
            {
                _blockPath = null;
                Blocked = true;
                block.Wait();
                Blocked = false;
            }

            return emulator.GetOnDiskFileState(fullPath, out result);
        });
        state = result;
        return hr;
    }

    /// <inheritdoc />
    public int CompleteCommand(int commandId, int completionResult, PrjNotifyTypes? newNotificationMask = null, DirEntryBufferHandle? enumerationBuffer = null) =>
        emulator.CompleteCommand(commandId, completionResult, newNotificationMask, enumerationBuffer);

    /// <inheritdoc />
    public int ClearNegativePathCache(out uint totalEntryNumber)
    {
        uint total = 0;
        var hr = Call(nameof(ClearNegativePathCache), () => emulator.ClearNegativePathCache(out total));
        totalEntryNumber = total;
        return hr;
    }

    /// <inheritdoc />
    public int GetVirtualizationInstanceInfo(out Guid instanceId, out uint writeAlignment) =>
        emulator.GetVirtualizationInstanceInfo(out instanceId, out writeAlignment);

    private bool Refused(string path)
    {
        lock (_gate)
        {
            if (!_held.Contains(ProjFsEmulator.Normalize(path)))
            {
                return false;
            }

            RefusedCalls++;
            return true;
        }
    }

    private int Call(string name, Func<int> call)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                _violations.Add($"{name} after PrjStopVirtualizing");
            }

            _inFlight++;
        }

        try
        {
            return call();
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }
}

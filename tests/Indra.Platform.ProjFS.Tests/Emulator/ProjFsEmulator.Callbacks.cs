using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    private readonly Dictionary<int, int?> _pendingCommands = [];
    private readonly Dictionary<int, DirEntryBufferHandle?> _completionBuffers = [];
    private readonly Stack<HashSet<int>> _apiResults = new();

    /// <summary>Fresh callback data for an application operation.</summary>
    private CallbackData NewData(string path, PlaceholderVersion? version, Guid fileId = default, Guid dataStreamId = default,
        PrjCallbackDataFlags flags = PrjCallbackDataFlags.None) =>
        new(flags, ++_nextCommandId, fileId == Guid.Empty ? Guid.NewGuid() : fileId, dataStreamId, path, version,
            Options.ApplicationProcessId, ApplicationImageFileName);

    /// <summary>
    /// Calls a provider callback the way ProjFS does: records it in the trace, waits for PrjCompleteCommand when it
    /// pends, and reports a result outside the allowed set (projfs.md §2.6) as ERROR_INTERNAL_ERROR unless a ProjFS
    /// function returned that error to the provider during the callback (rule 4).
    /// </summary>
    private int Invoke(string trace, CallbackData data, Func<CallbackData, int> call, bool filter = true)
    {
        if (_callbacks is null)
        {
            throw Fail("the provider is not running", HResult.VirtualizationUnavailable);
        }

        _trace.Add(trace);
        var results = new HashSet<int>();
        _apiResults.Push(results);
        _pendingCommands[data.CommandId] = null;
        try
        {
            var hr = call(data);
            if (hr == HResult.IoPending)
            {
                hr = WaitForCompletion(data.CommandId, trace);
            }

            if (filter && !HResult.IsAllowedCallbackResult(hr) && !results.Contains(hr))
            {
                _trace.Add($"  {HResult.Format(hr)} reported to the application as ERROR_INTERNAL_ERROR");
                return HResult.InternalError;
            }

            return hr;
        }
        finally
        {
            _pendingCommands.Remove(data.CommandId);
            _apiResults.Pop();
        }
    }

    /// <summary>Records the result of a ProjFS function called by the provider (for the return filter).</summary>
    private int Api(int hr)
    {
        if (_apiResults.Count > 0 && !HResult.Succeeded(hr))
        {
            _apiResults.Peek().Add(hr);
        }

        return hr;
    }

    private int WaitForCompletion(int commandId, string trace)
    {
        var deadline = DateTime.UtcNow + Options.PendingTimeout;
        while (_pendingCommands[commandId] is null)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !System.Threading.Monitor.Wait(_gate, left))
            {
                if (_pendingCommands[commandId] is null)
                {
                    Violation($"{trace} returned ERROR_IO_PENDING and was never completed with PrjCompleteCommand");
                }
            }
        }

        return _pendingCommands[commandId]!.Value;
    }

    /// <inheritdoc />
    public int CompleteCommand(int commandId, int completionResult, PrjNotifyTypes? newNotificationMask = null, DirEntryBufferHandle? enumerationBuffer = null)
    {
        lock (_gate)
        {
            if (!_pendingCommands.TryGetValue(commandId, out var result) || result is not null)
            {
                return HResult.InvalidParameter;
            }

            _pendingCommands[commandId] = completionResult;
            _completionBuffers[commandId] = enumerationBuffer;
            System.Threading.Monitor.PulseAll(_gate);
            return HResult.Ok;
        }
    }
}

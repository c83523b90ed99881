using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    [ThreadStatic]
    private static CallbackCall? _currentCall;

    private readonly Dictionary<int, int?> _pendingCommands = [];
    private readonly Dictionary<int, DirEntryBufferHandle?> _completionBuffers = [];
    private readonly List<CallbackCall> _running = [];
    private CallbackPool? _pool;

    /// <summary>Called on the callback thread with the trace line just before the provider is (a test hook: block, count, fail).</summary>
    public Action<string>? BeforeCallback { get; set; }

    /// <summary>Provider callbacks running right now.</summary>
    public int CallbacksInFlight
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>True while StopVirtualizing waits for callbacks to drain.</summary>
    public bool IsStopping
    {
        get
        {
            lock (_gate)
            {
                return _stopping;
            }
        }
    }

    /// <summary>Fresh callback data for an application operation.</summary>
    private CallbackData NewData(string path, PlaceholderVersion? version, Guid fileId = default, Guid dataStreamId = default,
        PrjCallbackDataFlags flags = PrjCallbackDataFlags.None)
    {
        var caller = CurrentCaller;
        return new(flags, ++_nextCommandId, fileId == Guid.Empty ? Guid.NewGuid() : fileId, dataStreamId, path, version,
            caller.ProcessId, caller.ImageFileName);
    }

    /// <summary>
    /// Calls a provider callback the way ProjFS does: records it in the trace, runs it on a callback thread while the
    /// application's thread waits with the emulator's lock released (other applications, and the provider's own calls
    /// into ProjFS functions, go on meanwhile), waits for PrjCompleteCommand when it pends, and reports a result
    /// outside the allowed set (projfs.md §2.6) as ERROR_INTERNAL_ERROR unless a ProjFS function returned that error
    /// to the provider during the callback (rule 4). Must be called with the lock held.
    /// </summary>
    private int Invoke(string trace, CallbackData data, Func<CallbackData, int> call, bool filter = true, PlaceholderRequest? request = null)
    {
        if (!_active || _callbacks is null || _pool is null)
        {
            throw Fail("the provider is not running", HResult.VirtualizationUnavailable);
        }

        if (CallbackPool.IsCallbackThread)
        {
            Violation($"{trace} would be sent while a callback thread waits for it (a ProjFS function that calls back was called from a callback)");
        }

        _trace.Add(trace);
        var pending = new CallbackCall(trace, data.CommandId) { PlaceholderRequest = request };
        _pendingCommands[data.CommandId] = null;
        _running.Add(pending);
        _pool.Post(() => Run(pending, data, call));
        try
        {
            while (!pending.Done)
            {
                System.Threading.Monitor.Wait(_gate);
            }

            if (pending.Error is { } error)
            {
                Violation($"{trace} threw {error.GetType().Name}: {error.Message} (an exception escaping a native callback ends the process)");
            }

            var hr = pending.Result;
            if (hr == HResult.IoPending)
            {
                hr = WaitForCompletion(data.CommandId, trace);
            }

            if (filter && !HResult.IsAllowedCallbackResult(hr) && !pending.ApiFailures.Contains(hr))
            {
                _trace.Add($"  {HResult.Format(hr)} reported to the application as ERROR_INTERNAL_ERROR");
                return HResult.InternalError;
            }

            return hr;
        }
        finally
        {
            _pendingCommands.Remove(data.CommandId);
        }
    }

    /// <summary>The callback thread's side of <see cref="Invoke"/>: the provider runs outside the emulator's lock.</summary>
    private void Run(CallbackCall pending, CallbackData data, Func<CallbackData, int> call)
    {
        _currentCall = pending;
        int hr;
        Exception? error = null;
        try
        {
            BeforeCallback?.Invoke(pending.Trace);
            hr = call(data);
        }
        catch (Exception exception)
        {
            error = exception;
            hr = HResult.InternalError;
        }
        finally
        {
            _currentCall = null;
        }

        lock (_gate)
        {
            pending.Result = hr;
            pending.Error = error;
            pending.Done = true;
            _running.Remove(pending);
            System.Threading.Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Records the result of a ProjFS function called by the provider (for the return filter).</summary>
    private int Api(int hr)
    {
        if (!HResult.Succeeded(hr))
        {
            _currentCall?.ApiFailures.Add(hr);
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

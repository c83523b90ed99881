namespace Indra.Sharing.Server;

/// <summary>
/// Wakes everyone waiting for the next change: <see cref="Pulse"/> completes the waits in progress, and a wait that
/// starts later waits for the pulse after it. It remembers nothing else (a waiter re-checks what it waits for, so a
/// pulse between its check and its wait costs it at most the wait's bound). Thread-safe; one task per pulse.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Wakes the waits in progress.</summary>
    internal void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Waits for the next <see cref="Pulse"/>, at most <paramref name="bound"/>.</summary>
    /// <returns>True when pulsed, false when the bound passed first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    internal async Task<bool> WaitAsync(TimeSpan bound, CancellationToken cancel)
    {
        var pulse = Volatile.Read(ref _next).Task;
        try
        {
            await pulse.WaitAsync(bound, cancel).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

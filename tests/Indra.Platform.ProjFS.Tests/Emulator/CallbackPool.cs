using System.Collections.Concurrent;

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>
/// The emulator's callback threads: like ProjFS's pool (PRJ_STARTVIRTUALIZING_OPTIONS.PoolThreadCount), provider
/// callbacks run here, never on the application's thread. Created by StartVirtualizing, disposed by StopVirtualizing
/// once the callbacks drained.
/// </summary>
internal sealed class CallbackPool : IDisposable
{
    [ThreadStatic]
    private static bool _onPoolThread;

    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    /// <summary>Starts <paramref name="threads"/> callback threads.</summary>
    public CallbackPool(int threads)
    {
        _threads = new Thread[Math.Max(1, threads)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"projfs-emulator-callback-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>True on a callback thread of any emulator.</summary>
    public static bool IsCallbackThread => _onPoolThread;

    /// <summary>Number of threads.</summary>
    public int Size => _threads.Length;

    /// <summary>Runs <paramref name="callback"/> on a free callback thread.</summary>
    public void Post(Action callback) => _work.Add(callback);

    /// <summary>Lets the threads finish what is queued and joins them.</summary>
    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _work.Dispose();
    }

    private void Run()
    {
        _onPoolThread = true;
        foreach (var callback in _work.GetConsumingEnumerable())
        {
            callback();
        }
    }
}

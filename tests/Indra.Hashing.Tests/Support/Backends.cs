namespace Indra.Hashing.Tests.Support;

/// <summary>The SIMD kernels that can run on this machine, and a scope that forces one of them.</summary>
public static class Backends
{
    /// <summary>Every kernel that computes on this CPU (Vector512 may be software-emulated).</summary>
    internal static IEnumerable<Blake3Backend> Runnable =>
        Enum.GetValues<Blake3Backend>().Where(Blake3Dispatch.CanRun);

    /// <summary>Names of <see cref="Runnable"/>, for test case sources.</summary>
    public static IEnumerable<string> RunnableNames => Runnable.Select(b => b.ToString());

    /// <summary>Forces the kernel named <paramref name="backend"/> until the returned scope is disposed.</summary>
    public static IDisposable Force(string backend) => new Scope(Enum.Parse<Blake3Backend>(backend));

    /// <summary>Forces <paramref name="backend"/> until the returned scope is disposed.</summary>
    internal static IDisposable Force(Blake3Backend backend) => new Scope(backend);

    private sealed class Scope : IDisposable
    {
        private readonly Blake3Backend? _previous;

        public Scope(Blake3Backend backend)
        {
            _previous = Blake3Dispatch.Forced;
            Blake3Dispatch.Forced = backend;
        }

        public void Dispose() => Blake3Dispatch.Forced = _previous;
    }
}

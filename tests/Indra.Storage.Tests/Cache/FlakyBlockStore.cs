using Indra.Hashing;
using Indra.Storage.Blocks;

namespace Indra.Storage.Tests.Cache;

/// <summary>
/// Fault injection for the remote of a block cache: a real <see cref="FileBlockStore"/> in its own directory that
/// fails every call with an <see cref="IOException"/> (or a <see cref="TimeoutException"/>) while <see cref="Down"/>,
/// as an unreachable object store does, and counts the calls that reached it.
/// </summary>
internal sealed class FlakyBlockStore(string directory) : IBlockStore, IDisposable
{
    private int _puts;

    /// <summary>The real store behind the faults.</summary>
    public FileBlockStore Inner { get; } = new(directory);

    /// <summary>While true every call fails.</summary>
    public volatile bool Down;

    /// <summary>While down, fail with a timeout rather than an I/O error.</summary>
    public volatile bool TimesOut;

    /// <summary>Puts that reached the store (while up).</summary>
    public int Puts => Volatile.Read(ref _puts);

    public bool Contains(Blake3Hash hash) => Up(() => Inner.Contains(hash));

    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable)
    {
        Fail();
        Interlocked.Increment(ref _puts);
        return Inner.Put(hash, data, durable);
    }

    public int Read(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        Fail();
        return Inner.Read(hash, offset, buffer);
    }

    public long SizeOf(Blake3Hash hash) => Up(() => Inner.SizeOf(hash));

    public void Sync(Blake3Hash hash)
    {
        Fail();
        Inner.Sync(hash);
    }

    public void Delete(Blake3Hash hash)
    {
        Fail();
        Inner.Delete(hash);
    }

    public IEnumerable<Blake3Hash> Enumerate()
    {
        Fail();
        return Inner.Enumerate();
    }

    public void Dispose() => Inner.Dispose();

    private T Up<T>(Func<T> call)
    {
        Fail();
        return call();
    }

    private void Fail()
    {
        if (!Down) return;
        if (TimesOut) throw new TimeoutException("the remote store did not answer (injected)");
        throw new IOException("the remote store is unreachable (injected)");
    }
}

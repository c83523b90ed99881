namespace Indra.Engine.Content;

/// <summary>
/// Running totals of the engine's content work since the vault was opened, for tests and benchmarks that assert
/// how much a save cost (bytes hashed and stored), not how long it took. Thread-safe.
/// </summary>
public sealed class EngineCounters
{
    private long _bytesHashed;
    private long _bytesStored;
    private long _blocksStored;
    private long _leavesCommitted;

    /// <summary>Bytes fed to BLAKE3 while committing content.</summary>
    public long BytesHashed => Interlocked.Read(ref _bytesHashed);

    /// <summary>Bytes of new blocks written to the block store.</summary>
    public long BytesStored => Interlocked.Read(ref _bytesStored);

    /// <summary>New blocks written to the block store.</summary>
    public long BlocksStored => Interlocked.Read(ref _blocksStored);

    /// <summary>Leaf versions committed.</summary>
    public long LeavesCommitted => Interlocked.Read(ref _leavesCommitted);

    internal void Hashed(long bytes) => Interlocked.Add(ref _bytesHashed, bytes);

    internal void Stored(long bytes)
    {
        Interlocked.Add(ref _bytesStored, bytes);
        Interlocked.Increment(ref _blocksStored);
    }

    internal void Committed() => Interlocked.Increment(ref _leavesCommitted);
}

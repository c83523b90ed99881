using System.Collections.Concurrent;

namespace Indra.FileSystem.Handles;

/// <summary>Open handles by id. Ids start at 1 and are never reused within a mount.</summary>
internal sealed class HandleTable
{
    private readonly ConcurrentDictionary<ulong, OpenHandle> _handles = new();
    private long _next;

    public ulong NextId() => (ulong)Interlocked.Increment(ref _next);

    public void Add(OpenHandle handle) => _handles[handle.Id] = handle;

    public OpenHandle? Get(ulong id) => _handles.TryGetValue(id, out var handle) ? handle : null;

    public OpenHandle? Remove(ulong id) => _handles.TryRemove(id, out var handle) ? handle : null;

    public int Count => _handles.Count;
}

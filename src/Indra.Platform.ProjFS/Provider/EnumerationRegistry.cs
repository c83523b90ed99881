using System.Collections.Concurrent;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Active enumerations by enumerationId. ProjFS may run several enumerations of one directory at once, each with its
/// own id; End removes the state (VFSForGit notes End is not always delivered after a cancel, so
/// <see cref="Clear"/> runs at unmount).
/// </summary>
internal sealed class EnumerationRegistry
{
    private readonly ConcurrentDictionary<Guid, EnumerationSession> _sessions = new();

    /// <summary>Number of active enumerations.</summary>
    public int Count => _sessions.Count;

    /// <summary>Registers a session; false when the id is already in use.</summary>
    public bool TryAdd(Guid enumerationId, EnumerationSession session) => _sessions.TryAdd(enumerationId, session);

    /// <summary>Finds a session.</summary>
    public bool TryGet(Guid enumerationId, out EnumerationSession session) =>
        _sessions.TryGetValue(enumerationId, out session!);

    /// <summary>Removes a session; false for an unknown id.</summary>
    public bool TryRemove(Guid enumerationId) => _sessions.TryRemove(enumerationId, out _);

    /// <summary>Forgets every session.</summary>
    public void Clear() => _sessions.Clear();
}

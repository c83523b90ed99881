namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>An application's open directory handle: each <see cref="Read"/> is one query (FindFirstFile/NtQueryDirectoryFile) on it.</summary>
public sealed class EmulatedDirectoryHandle : IDisposable
{
    private readonly ProjFsEmulator _emulator;

    internal EmulatedDirectoryHandle(ProjFsEmulator emulator, EmulatedItem item)
    {
        _emulator = emulator;
        Item = item;
    }

    /// <summary>Identifies the handle in callbacks.</summary>
    public Guid FileId { get; } = Guid.NewGuid();

    internal EmulatedItem Item { get; }

    internal Guid? EnumerationId { get; set; }

    internal string? LastProviderName { get; set; }

    internal bool IsClosed { get; set; }

    /// <summary>
    /// Lists the directory: the union of the provider's entries and local items, in collation order. The first query
    /// on a handle always restarts; later ones restart when <paramref name="restartScan"/> is set, and otherwise
    /// continue where the provider left off.
    /// </summary>
    public IReadOnlyList<EmulatedDirectoryEntry> Read(string? searchExpression = null, bool restartScan = true, DirBufferCapacity? capacity = null) =>
        _emulator.Query(this, searchExpression, restartScan, capacity ?? DirBufferCapacity.Unlimited);

    /// <summary>Closes the handle (EndDirectoryEnumeration, then the close notification).</summary>
    public void Dispose() => _emulator.CloseDirectory(this);
}

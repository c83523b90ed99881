using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>One PRJ_DIR_ENTRY_BUFFER_HANDLE's contents during a GetDirectoryEnumeration call.</summary>
internal sealed class DirBuffer(DirBufferCapacity capacity)
{
    private int _bytes;

    /// <summary>The entries added, in order.</summary>
    public List<(string Name, FileBasicInfo Info)> Entries { get; } = [];

    /// <summary>Adds an entry when it fits.</summary>
    public bool TryAdd(string name, FileBasicInfo info)
    {
        var size = DirBufferCapacity.EntrySize(name);
        if ((capacity.Entries is { } max && Entries.Count >= max) || (capacity.Bytes is { } budget && _bytes + size > budget))
        {
            return false;
        }

        _bytes += size;
        Entries.Add((name, info));
        return true;
    }
}

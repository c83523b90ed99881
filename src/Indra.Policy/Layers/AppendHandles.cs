using System.Collections.Concurrent;
using Indra.FileSystem;

namespace Indra.Policy.Layers;

/// <summary>
/// The open handles a layer saw opened with O_APPEND, whose writes land at the end of the file whatever offset the
/// request carries: the size and quota layers need where a write really ends.
/// </summary>
internal sealed class AppendHandles
{
    private readonly ConcurrentDictionary<ulong, byte> _handles = new();

    /// <summary>Notes the handle of a successful open or create with <paramref name="flags"/>.</summary>
    public void Opened(Errno result, int flags, in OpenResult open)
    {
        if (result == Errno.None && (flags & OpenFlags.Append) != 0) _handles[open.Handle] = 0;
    }

    /// <summary>Forgets a released handle.</summary>
    public void Released(ulong handle) => _handles.TryRemove(handle, out _);

    /// <summary>Where a write at <paramref name="offset"/> through
    /// <paramref name="handle"/> starts: the file's size for an append handle.</summary>
    public long StartOf(IVaultFileSystem fileSystem, ulong inode, ulong handle, long offset) =>
        _handles.ContainsKey(handle) && fileSystem.GetAttributes(inode, out var attributes) == Errno.None ? attributes.Size : offset;
}

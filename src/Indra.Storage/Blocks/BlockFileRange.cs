using Indra.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Indra.Storage.Blocks;

/// <summary>
/// A byte range of a block stored as a plain file, held open so that a reply can send it straight from the file (a
/// FUSE read answered by splice(2): the page cache's pages go to the kernel without a copy through user memory). The
/// block store's descriptor stays open while the range is held, even if the store evicts or closes its handle
/// meanwhile (the handle's reference count, <see cref="System.Runtime.InteropServices.SafeHandle.DangerousAddRef"/>); <see cref="Dispose"/> gives it
/// back. Blocks are immutable and named by their hash, so the file's bytes in the range are the block's; a store that
/// reuses deleted blocks' files deletes a block in use by a range with unlink(2) instead (<see cref="BlockReadLeases"/>).
/// </summary>
public sealed class BlockFileRange : IDisposable
{
    private SafeFileHandle? _file;
    private readonly BlockReadLeases? _leases;
    private readonly Blake3Hash _hash;

    /// <summary>
    /// Holds <paramref name="file"/>, which the caller has already referenced once, for the range, and the block's
    /// read lease in <paramref name="leases"/> (entered by the caller; null when the store keeps no deleted files).
    /// </summary>
    internal BlockFileRange(SafeFileHandle file, long position, int length, BlockReadLeases? leases, Blake3Hash hash)
    {
        _file = file;
        _leases = leases;
        _hash = hash;
        Descriptor = (int)file.DangerousGetHandle();
        Position = position;
        Length = length;
    }

    /// <summary>The block file's descriptor (opened read-only); valid until <see cref="Dispose"/>.</summary>
    public int Descriptor { get; }

    /// <summary>Offset of the range in the block file, in bytes.</summary>
    public long Position { get; }

    /// <summary>Length of the range in bytes (at least 1).</summary>
    public int Length { get; }

    /// <summary>Gives the descriptor and the block's read lease back to its store; once only, later calls do nothing.</summary>
    public void Dispose()
    {
        var file = Interlocked.Exchange(ref _file, null);
        if (file is null) return;
        file.DangerousRelease();
        _leases?.Exit(_hash);
    }
}

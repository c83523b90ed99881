using Indra.Hashing;

namespace Indra.Storage.Blocks;

/// <summary>
/// The vault's block store: blocks of at most <see cref="InlineLimit"/> bytes live in the database
/// (<see cref="InlineBlockStore"/>), larger ones as files (<see cref="FileBlockStore"/>). A block's size decides its
/// tier, so one hash always lives in one tier; callers that know the size route reads without a probe.
/// </summary>
internal sealed class TieredBlockStore(IBlockStore inline, IBlockStore files, int inlineLimit) : IBlockStore, IDisposable
{
    /// <summary>Largest block kept in the database, in bytes.</summary>
    public int InlineLimit { get; } = inlineLimit;

    /// <summary>The tier of blocks larger than <see cref="InlineLimit"/>.</summary>
    public IBlockStore Files => files;

    /// <inheritdoc/>
    public bool Contains(Blake3Hash hash) => inline.Contains(hash) || files.Contains(hash);

    /// <inheritdoc/>
    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable) =>
        data.Length <= InlineLimit ? inline.Put(hash, data, durable) : files.Put(hash, data, durable);

    /// <inheritdoc/>
    public bool PutQueued(Blake3Hash hash, ReadOnlySpan<byte> data) =>
        data.Length <= InlineLimit ? inline.Put(hash, data, durable: false) : files.PutQueued(hash, data);

    /// <inheritdoc/>
    public void WaitForWrites(IReadOnlyCollection<Blake3Hash> hashes) => files.WaitForWrites(hashes);

    /// <inheritdoc/>
    public int Read(Blake3Hash hash, long offset, Span<byte> buffer) =>
        inline.Contains(hash) ? inline.Read(hash, offset, buffer) : files.Read(hash, offset, buffer);

    /// <inheritdoc/>
    public int Read(Blake3Hash hash, int size, long offset, Span<byte> buffer) =>
        size <= InlineLimit ? inline.Read(hash, offset, buffer) : files.Read(hash, offset, buffer);

    /// <inheritdoc/>
    public BlockFileRange? OpenFileRange(Blake3Hash hash, int size, long offset, int length) =>
        size <= InlineLimit ? null : files.OpenFileRange(hash, size, offset, length);

    /// <inheritdoc/>
    public long SizeOf(Blake3Hash hash)
    {
        var size = inline.SizeOf(hash);
        return size >= 0 ? size : files.SizeOf(hash);
    }

    /// <inheritdoc/>
    public void Sync(Blake3Hash hash)
    {
        if (!inline.Contains(hash)) files.Sync(hash);
    }

    /// <inheritdoc/>
    public void Prefetch(Blake3Hash hash, int size)
    {
        if (size > InlineLimit) files.Prefetch(hash, size);
    }

    /// <inheritdoc/>
    public void SyncMany(IReadOnlyCollection<Blake3Hash> hashes)
    {
        // Inline blocks are made durable by the metadata commit; the rest are files.
        var stored = hashes.Where(h => !inline.Contains(h)).ToList();
        if (stored.Count > 0) files.SyncMany(stored);
    }

    /// <inheritdoc/>
    public void Delete(Blake3Hash hash)
    {
        inline.Delete(hash);
        files.Delete(hash);
    }

    /// <inheritdoc/>
    public IEnumerable<Blake3Hash> Enumerate() => inline.Enumerate().Concat(files.Enumerate());

    /// <summary>Closes the file tier.</summary>
    public void Dispose() => (files as IDisposable)?.Dispose();
}

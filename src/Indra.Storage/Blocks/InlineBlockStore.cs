using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Storage.Blocks;

/// <summary>
/// Small blocks stored as rows of the metadata database instead of files: a small file then costs no file creation in
/// the block directory, and its block is written in the same transaction as the leaf that references it (queued with
/// <see cref="MetadataStore.Defer(Action)"/>), so no orphan can be left by a crash. Durability is the database's.
/// </summary>
internal sealed class InlineBlockStore(MetadataStore metadata) : IBlockStore
{
    /// <inheritdoc/>
    public bool Contains(Blake3Hash hash) => metadata.GetInlineBlock(hash) is not null;

    /// <inheritdoc/>
    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable) => metadata.PutInlineBlock(hash, data.ToArray());

    /// <inheritdoc/>
    public int Read(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        var n = metadata.ReadInlineBlockToServe(hash, offset, buffer);
        return n >= 0 ? n : throw new BlockMissingException(hash);
    }

    /// <inheritdoc/>
    public long SizeOf(Blake3Hash hash) => metadata.GetInlineBlock(hash)?.LongLength ?? -1;

    /// <inheritdoc/>
    public void Sync(Blake3Hash hash)
    {
        // Made durable by the metadata commit that fsync(2) performs.
    }

    /// <inheritdoc/>
    public void Delete(Blake3Hash hash) => metadata.DeleteInlineBlock(hash);

    /// <inheritdoc/>
    public IEnumerable<Blake3Hash> Enumerate() => metadata.ListInlineBlocks();
}

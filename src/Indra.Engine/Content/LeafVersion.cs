using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Content;

/// <summary>
/// One version of a file's content: its leaf artifact id (the plain BLAKE3 hash of its bytes, holes included, equal
/// to <c>b3sum FILE</c>), its size in bytes and its stored blocks in order. The block list is sparse: a block index
/// below <see cref="BlockCount"/> that has no entry is a hole and reads as zeros (nothing stored, nothing in memory),
/// so a file's memory and metadata follow the data it holds, never its size.
/// </summary>
/// <param name="Id">BLAKE3 of the whole content (for a version whose id is still being computed, its provisional id:
/// see <see cref="ContentStore.IsProvisional"/>).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Blocks">The stored blocks, ascending by <see cref="LeafBlock.Index"/>; each is full-size except the
/// last block of the file.</param>
public sealed record LeafVersion(Blake3Hash Id, long Size, IReadOnlyList<LeafBlock> Blocks)
{
    /// <summary>The empty file: BLAKE3("") and no blocks.</summary>
    public static LeafVersion Empty { get; } = new(Blake3.Hash([]), 0, (IReadOnlyList<LeafBlock>)[]);

    /// <summary>A version from the metadata store's block rows (as <see cref="MetadataStore.GetLeafBlocks"/> returns them).</summary>
    internal LeafVersion(Blake3Hash id, long size, List<LeafBlockRow> rows) : this(id, size, LeafBlockRows.ToBlocks(rows))
    {
    }

    /// <summary>Blocks the file spans at <paramref name="blockSize"/> bytes per block, holes included.</summary>
    public long BlockCount(int blockSize) => (Size + blockSize - 1) / blockSize;

    /// <summary>True when every block the file spans is stored (no holes).</summary>
    public bool IsDense(int blockSize) => Blocks.Count == BlockCount(blockSize);

    private long _storedBytes = -1;

    /// <summary>Bytes the stored blocks hold (what <c>st_blocks</c> counts).</summary>
    public long StoredBytes
    {
        get
        {
            if (_storedBytes >= 0) return _storedBytes;
            long total = 0;
            foreach (var block in Blocks) total += block.Size;
            return _storedBytes = total;
        }
    }

    /// <summary>Finds block <paramref name="index"/>; false for a hole (or an index past the end).</summary>
    public bool TryGetBlock(long index, out LeafBlock block) => TryFind(index, out block, out _);

    /// <summary>
    /// The position in <see cref="Blocks"/> of the first stored block whose index is at least <paramref name="index"/>
    /// (<c>Blocks.Count</c> when there is none): O(1) for dense files, O(log n) otherwise.
    /// </summary>
    public int PositionAtOrAfter(long index)
    {
        TryFind(index, out _, out var position);
        return position;
    }

    /// <summary>The index of the first stored block at or after <paramref name="index"/>, or -1 (holes to the end).</summary>
    public long NextStoredIndex(long index) => PositionAtOrAfter(index) is var at && at < Blocks.Count ? Blocks[at].Index : -1;

    private bool TryFind(long index, out LeafBlock block, out int position)
    {
        var blocks = Blocks;
        if (index < blocks.Count && index >= 0 && blocks[(int)index].Index == index)
        {
            block = blocks[(int)index];
            position = (int)index;
            return true;
        }
        int low = 0, high = blocks.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var at = blocks[middle].Index;
            if (at == index)
            {
                block = blocks[middle];
                position = middle;
                return true;
            }
            if (at < index) low = middle + 1;
            else high = middle - 1;
        }
        block = default;
        position = low;
        return false;
    }
}

using Indra.Engine.Content;
using Indra.Engine.Domain;

namespace Indra.Storage.Metadata;

/// <summary>
/// The engine's <see cref="LeafBlock"/> to and from the metadata store's <see cref="LeafBlockRow"/> (the same fields,
/// the hash untyped), and <see cref="AcquireLeaf"/> with engine blocks.
/// </summary>
/// <remarks>
/// In the store's namespace so that code which holds a <see cref="MetadataStore"/> finds <see cref="AcquireLeaf"/>
/// beside the store's own overload.
/// </remarks>
internal static class LeafBlockRows
{
    /// <summary>
    /// <see cref="MetadataStore.AcquireLeaf"/> for a version's engine blocks: records the leaf and its blocks, or
    /// counts one more reference to it when it is recorded already.
    /// </summary>
    /// <param name="metadata">The store (inside its transaction).</param>
    /// <param name="leaf">The leaf artifact id.</param>
    /// <param name="size">The leaf's size in bytes.</param>
    /// <param name="blockSize">The vault's block size in bytes.</param>
    /// <param name="blocks">The version's stored blocks, ascending by index.</param>
    /// <returns>What <see cref="MetadataStore.AcquireLeaf"/> returns: true when the leaf was new.</returns>
    public static bool AcquireLeaf(this MetadataStore metadata, Indra.Hashing.Blake3Hash leaf, long size, int blockSize, IReadOnlyList<LeafBlock> blocks) =>
        metadata.AcquireLeaf(leaf, size, blockSize, ToRows(blocks));

    /// <summary>The store's rows for engine blocks.</summary>
    internal static List<LeafBlockRow> ToRows(IReadOnlyList<LeafBlock> blocks)
    {
        var rows = new List<LeafBlockRow>(blocks.Count);
        foreach (var b in blocks) rows.Add(new LeafBlockRow(b.Index, b.Hash.Hash, b.Size, b.ChainingValue));
        return rows;
    }

    /// <summary>Engine blocks for the store's rows.</summary>
    internal static List<LeafBlock> ToBlocks(List<LeafBlockRow> rows) =>
        rows.ConvertAll(r => new LeafBlock(r.Index, new BlockHash(r.Hash), r.Size, r.ChainingValue));
}

using Indra.Engine.Domain;
using Indra.Hashing;

namespace Indra.Engine.Content;

/// <summary>
/// How a block is named in the block store, and how its bytes are checked against that name (docs/blocks.md).
/// A block at index 1 or more that fills a whole block of a multi-block file is named by its BLAKE3 subtree chaining
/// value at its position ("positional" key): the one pass that yields the file id's input also names the block. Every
/// other block (the first block of a file, a tail, a single-block file, and every block written before schema
/// version 4 or shared from another position without rehashing) is named by the plain BLAKE3 hash of its bytes. A
/// leaf's row tells the two apart: a positional block's name equals its recorded chaining value, which a plain hash
/// never does (the two are finished with different flags; equal values would be a BLAKE3 collision).
/// </summary>
public static class BlockKeys
{
    /// <summary>True when <paramref name="block"/> is named by its chaining value at its position.</summary>
    public static bool IsPositional(LeafBlock block) =>
        block.ChainingValue is { } cv && cv.AsSpan().SequenceEqual(block.Hash.Hash.AsSpan());

    /// <summary>The positional name of a block whose chaining value at its position is <paramref name="chainingValue"/>.</summary>
    public static BlockHash Positional(ChainingValue chainingValue) => new(new Blake3Hash(chainingValue.AsSpan()));

    /// <summary>True when <paramref name="bytes"/> are the bytes <paramref name="block"/> names.</summary>
    /// <param name="block">The block as a leaf records it (its index gives a positional name's position).</param>
    /// <param name="bytes">The bytes read for it.</param>
    /// <param name="blockSize">The vault's block size in bytes.</param>
    public static bool Matches(LeafBlock block, ReadOnlySpan<byte> bytes, int blockSize) =>
        IsPositional(block)
            ? bytes.Length == blockSize && Blake3Subtree.ComputeChainingValue(bytes, ChunkCounter(block.Index * blockSize)).Equals(block.ChainingValue!.Value)
            : Blake3.Hash(bytes) == block.Hash.Hash;

    /// <summary>
    /// True when <paramref name="bytes"/>, found at byte <paramref name="offset"/> of a file of
    /// <paramref name="fileSize"/> bytes, are what <paramref name="key"/> names, by either naming rule (a peer's
    /// manifest lists names without saying which rule made them). A block that could be positional (a power-of-two
    /// size of at least 1024 bytes, at an aligned offset other than 0, in a longer file) is checked that way first,
    /// so a block of a current vault is hashed once.
    /// </summary>
    public static bool Matches(BlockHash key, ReadOnlySpan<byte> bytes, long offset, long fileSize) =>
        Matches(key, bytes, offset, fileSize, out _);

    /// <summary>
    /// <see cref="Matches(BlockHash, ReadOnlySpan{byte}, long, long)"/>, also giving the block's chaining value at its
    /// position when the block is a whole BLAKE3 subtree there (a power-of-two size of at least 1024 bytes at an
    /// offset that is a multiple of it, in a longer file), from the same pass over the bytes: the file's id can then
    /// be rebuilt from its blocks' chaining values without hashing the bytes again (<see cref="Blake3Subtree.RootHash"/>).
    /// </summary>
    /// <param name="key">The block's name as a peer's manifest lists it.</param>
    /// <param name="bytes">The block's bytes.</param>
    /// <param name="offset">Where the block starts in its file, in bytes.</param>
    /// <param name="fileSize">The file's size in bytes.</param>
    /// <param name="chainingValue">The non-root chaining value of the bytes at <paramref name="offset"/> when they form a
    /// whole subtree there and match; null otherwise.</param>
    /// <returns>True when the bytes are what <paramref name="key"/> names by either rule.</returns>
    public static bool Matches(BlockHash key, ReadOnlySpan<byte> bytes, long offset, long fileSize, out ChainingValue? chainingValue)
    {
        chainingValue = null;
        var subtree = bytes.Length >= 1024 && int.IsPow2(bytes.Length) && offset % bytes.Length == 0 && fileSize > bytes.Length;
        if (!subtree) return Blake3.Hash(bytes) == key.Hash;
        ChainingValue cv;
        bool matches;
        if (offset == 0)
        {
            // The first block is named by its plain hash; one pass gives that and its chaining value.
            matches = Blake3FirstBlock.Hash(bytes, out cv) == key.Hash;
        }
        else
        {
            cv = Blake3Subtree.ComputeChainingValue(bytes, ChunkCounter(offset));
            matches = cv.AsSpan().SequenceEqual(key.Hash.AsSpan()) || Blake3.Hash(bytes) == key.Hash;
        }
        if (matches) chainingValue = cv;
        return matches;
    }

    private static ulong ChunkCounter(long offset) => (ulong)offset / 1024;
}

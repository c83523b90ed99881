using Indra.Hashing;

namespace Indra.Storage.Blocks;

/// <summary>A block that the metadata references is not in the block store (a broken invariant: fsck reports it).</summary>
internal sealed class BlockMissingException : IOException
{
    /// <summary>Creates the exception for <paramref name="hash"/>.</summary>
    public BlockMissingException(Blake3Hash hash) : base($"block {hash} is missing from the block store") => Hash = hash;

    /// <summary>The missing block.</summary>
    public Blake3Hash Hash { get; }
}

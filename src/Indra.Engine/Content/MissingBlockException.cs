using Indra.Engine.Domain;

namespace Indra.Engine.Content;

/// <summary>A block that should be stored is not (a broken invariant of the vault, or a peer's block not received yet).</summary>
public sealed class MissingBlockException : IOException
{
    /// <summary>Creates the exception for <paramref name="hash"/>.</summary>
    /// <param name="hash">The missing block.</param>
    /// <param name="inner">The store's report.</param>
    public MissingBlockException(BlockHash hash, Exception? inner = null) : base($"block {hash} is missing from the block store", inner) => Hash = hash;

    /// <summary>The missing block.</summary>
    public BlockHash Hash { get; }
}

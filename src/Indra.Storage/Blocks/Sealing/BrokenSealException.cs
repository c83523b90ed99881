using Indra.Hashing;

namespace Indra.Storage.Blocks.Sealing;

/// <summary>
/// A sealed block that does not authenticate (<see cref="BlockSeal.TryOpen"/>): its stored bytes were changed or
/// truncated, or it was sealed with another vault key. It is never served as data; the engine reports it as a corrupt
/// block (EIO).
/// </summary>
internal sealed class BrokenSealException : IOException
{
    /// <summary>Creates the exception for block <paramref name="hash"/>.</summary>
    public BrokenSealException(Blake3Hash hash) : base($"block {hash} {Reason}") => Hash = hash;

    /// <summary>What is wrong, without the block's name.</summary>
    public const string Reason = "does not authenticate: its sealed bytes were changed or it was sealed with another vault key";

    /// <summary>The block.</summary>
    public Blake3Hash Hash { get; }
}

using Indra.Hashing;

namespace Indra.Engine.Content;

/// <summary>A stored block whose bytes do not hash to its name: it is never served as data (reads get EIO).</summary>
public sealed class CorruptBlockException : IOException
{
    /// <summary>Creates the exception for <paramref name="hash"/>.</summary>
    public CorruptBlockException(Blake3Hash hash) : base($"block {hash} is corrupt: its bytes do not hash to its name (run 'indra fsck')") => Hash = hash;

    /// <summary>Creates the exception for <paramref name="hash"/> with the store's <paramref name="reason"/> (a sealed block that does not authenticate).</summary>
    public CorruptBlockException(Blake3Hash hash, string reason, Exception inner) : base($"block {hash} is corrupt: {reason} (run 'indra fsck')", inner) => Hash = hash;

    /// <summary>The corrupt block.</summary>
    public Blake3Hash Hash { get; }
}

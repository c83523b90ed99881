using Indra.Hashing;

namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// An object fetched for a block does not hash to what that block's bytes hashed to before (its plain BLAKE3 name, or
/// the digest of the bytes first fetched and verified in this process): it was changed in the bucket. Reads fail
/// with EIO; <c>indra fsck</c> reports the block.
/// </summary>
internal sealed class ObjectCorruptException : IOException
{
    /// <summary>Creates the exception for block <paramref name="hash"/> stored at <paramref name="key"/>.</summary>
    public ObjectCorruptException(Blake3Hash hash, string key) : base($"block {hash} (object {key}) does not match its hash") => Hash = hash;

    /// <summary>The block.</summary>
    public Blake3Hash Hash { get; }
}

using Indra.Hashing;

namespace Indra.Storage.Blocks;

/// <summary>
/// The blocks that reads of a <see cref="FileBlockStore"/> are using at this moment, so that deleting one of them never
/// hands its file to <see cref="KeptBlockFiles"/>: a kept file is emptied and refilled with another block's bytes,
/// which a read still holding its descriptor (a <c>pread</c> under way, a reply spliced from a <see cref="BlockFileRange"/>)
/// would then return as this block's. An unlinked file keeps its bytes for every open descriptor, so a block in use is
/// deleted that way instead. Counts per hash under one of <see cref="StripeCount"/> locks; thread-safe.
/// </summary>
internal sealed class BlockReadLeases
{
    /// <summary>Locks the hashes are spread over (by their first byte).</summary>
    public const int StripeCount = 64;

    private readonly Dictionary<Blake3Hash, int>[] _stripes = Enumerable.Range(0, StripeCount).Select(_ => new Dictionary<Blake3Hash, int>()).ToArray();

    /// <summary>A read starts using block <paramref name="hash"/>'s file (before it looks up or opens a descriptor).</summary>
    public void Enter(Blake3Hash hash)
    {
        var stripe = StripeOf(hash);
        lock (stripe)
        {
            stripe[hash] = stripe.GetValueOrDefault(hash) + 1;
        }
    }

    /// <summary>A read is done with block <paramref name="hash"/>'s file (once per <see cref="Enter"/>).</summary>
    public void Exit(Blake3Hash hash)
    {
        var stripe = StripeOf(hash);
        lock (stripe)
        {
            var n = stripe.GetValueOrDefault(hash) - 1;
            if (n <= 0) stripe.Remove(hash);
            else stripe[hash] = n;
        }
    }

    /// <summary>
    /// Hands the deleted block's file at <paramref name="path"/> to <paramref name="kept"/> unless a read is using the
    /// block, under the block's lock (a read that enters later finds the file gone: the block is missing, as after an
    /// unlink). False when the caller must delete the file itself (in use, or not kept).
    /// </summary>
    public bool KeepUnlessRead(Blake3Hash hash, KeptBlockFiles kept, string path)
    {
        var stripe = StripeOf(hash);
        lock (stripe)
        {
            return !stripe.ContainsKey(hash) && kept.Keep(path);
        }
    }

    private Dictionary<Blake3Hash, int> StripeOf(Blake3Hash hash) => _stripes[hash.AsSpan()[0] % StripeCount];
}

using Indra.Engine.Content;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>What both transfer writers share: a received file's bytes in order, and the name it lands under.</summary>
internal static class ReceivedContent
{
    private const int ChunkSize = 1 << 20;

    /// <summary>
    /// Hands <paramref name="entry"/>'s bytes to <paramref name="sink"/> in order, at most 1 MiB at a time (the buffer
    /// is reused; <paramref name="sink"/> gets it and the count of valid bytes).
    /// </summary>
    /// <exception cref="SharingException">A block in the store is shorter than the entry says.</exception>
    internal static void Stream(ReceivedEntry entry, ContentBlocks blocks, string name, Action<byte[], int> sink)
    {
        var buffer = new byte[ChunkSize];
        foreach (var block in entry.Blocks)
        {
            for (var within = 0; within < block.Size;)
            {
                var n = blocks.Read(block.Hash, within, buffer.AsSpan(0, Math.Min(ChunkSize, block.Size - within)));
                if (n <= 0) throw new SharingException($"block {block.Hash} of {name} is short");
                sink(buffer, n);
                within += n;
            }
        }
    }

    /// <summary>The <paramref name="attempt"/>-th name tried for a transfer called <paramref name="root"/>: "name", then "name (2)", ...</summary>
    internal static string Label(string root, int attempt) => attempt == 1 ? root : $"{root} ({attempt})";
}

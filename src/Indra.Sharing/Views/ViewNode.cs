using Indra.Engine.Content;
using Indra.FileSystem;
using Indra.Sharing.State;

namespace Indra.Sharing.Views;

/// <summary>One file or folder of a view, with where its bytes are.</summary>
internal sealed class ViewNode
{
    internal ViewNode(SharedEntry entry, IReadOnlyList<BlockRef> blocks, ContentBlocks store)
    {
        Entry = entry;
        Blocks = blocks;
        Store = store;
        Offsets = new long[blocks.Count];
        long offset = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            Offsets[i] = offset;
            offset += blocks[i].Size;
        }
    }

    /// <summary>What the filesystem shows.</summary>
    internal SharedEntry Entry { get; }

    /// <summary>Child names in listing order (folders).</summary>
    internal List<string> Children { get; } = [];

    /// <summary>Blocks in order (files).</summary>
    internal IReadOnlyList<BlockRef> Blocks { get; }

    /// <summary>Byte offset of each block.</summary>
    internal long[] Offsets { get; }

    /// <summary>Where the blocks are stored.</summary>
    internal ContentBlocks Store { get; }

    /// <summary>Reads at <paramref name="offset"/>; fewer bytes only at the end.</summary>
    /// <exception cref="IOException">A block is missing locally.</exception>
    internal int Read(long offset, Span<byte> buffer)
    {
        if (offset >= Entry.Size || buffer.IsEmpty) return 0;
        var want = (int)Math.Min(buffer.Length, Entry.Size - offset);
        var index = Array.BinarySearch(Offsets, offset);
        if (index < 0) index = ~index - 1;
        var done = 0;
        while (done < want && index < Blocks.Count)
        {
            var within = offset + done - Offsets[index];
            var n = (int)Math.Min(want - done, Blocks[index].Size - within);
            int got;
            try
            {
                got = Store.Read(Blocks[index].Hash, within, buffer.Slice(done, n));
            }
            catch (MissingBlockException e)
            {
                throw new IOException($"block {Blocks[index].Hash} of {Entry.Name} is not available locally", e);
            }
            if (got != n) throw new IOException($"block {Blocks[index].Hash} of {Entry.Name} is shorter than recorded");
            done += n;
            index++;
        }
        return done;
    }

    /// <summary>A string that changes whenever what the filesystem shows changes.</summary>
    internal string Signature => $"{Entry.IsDirectory}:{Entry.ArtifactId}:{Entry.Size}:{Entry.AccessMode}:{Entry.ModifiedNs}:{Entry.ExpiresNs}";
}

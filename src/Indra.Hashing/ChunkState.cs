using System.Runtime.InteropServices;

namespace Indra.Hashing;

/// <summary>
/// The state of one chunk being hashed one block at a time (paper §2.4): the running chaining value, a 64-byte
/// buffer holding the block that may still be the chunk's last, and the chunk counter. A block is compressed only
/// once at least one more byte is known (paper §5.1.1), because the last block gets CHUNK_END (and maybe ROOT).
/// </summary>
internal struct ChunkState
{
    private CvWords _cv;
    private BlockBuffer _block;
    private int _blockLen;
    private int _blocksCompressed;
    private readonly uint _flags;

    /// <summary>Starts chunk number <paramref name="chunkCounter"/> with the given key words and mode flags.</summary>
    public ChunkState(ReadOnlySpan<uint> key, ulong chunkCounter, uint flags)
    {
        key[..8].CopyTo(_cv);
        ChunkCounter = chunkCounter;
        _flags = flags;
    }

    /// <summary>The chunk index, used as the counter t of every block in the chunk.</summary>
    public ulong ChunkCounter { get; }

    /// <summary>Bytes absorbed into this chunk so far, 0..1024.</summary>
    public readonly int Length => (_blocksCompressed * Blake3Constants.BlockLen) + _blockLen;

    private readonly uint StartFlag => _blocksCompressed == 0 ? Blake3Flags.ChunkStart : 0;

    /// <summary>Absorbs bytes; the caller guarantees <see cref="Length"/> stays ≤ 1024.</summary>
    public void Update(ReadOnlySpan<byte> input)
    {
        while (!input.IsEmpty)
        {
            if (_blockLen == Blake3Constants.BlockLen)
            {
                Blake3Compress.CompressInPlace(ref _cv[0], ref _block[0], Blake3Constants.BlockLen, ChunkCounter, _flags | StartFlag);
                _blocksCompressed++;
                _blockLen = 0;
                ((Span<byte>)_block).Clear();
            }

            // Whole blocks that are known not to be the last one are compressed straight from the input.
            if (_blockLen == 0 && input.Length > Blake3Constants.BlockLen)
            {
                int blocks = (input.Length - 1) / Blake3Constants.BlockLen;
                Blake3Compress.CompressBlocks(ref _cv[0], ref MemoryMarshal.GetReference(input), blocks, ChunkCounter, _flags, StartFlag);
                _blocksCompressed += blocks;
                input = input[(blocks * Blake3Constants.BlockLen)..];
            }

            int take = Math.Min(Blake3Constants.BlockLen - _blockLen, input.Length);
            input[..take].CopyTo(((Span<byte>)_block)[_blockLen..]);
            _blockLen += take;
            input = input[take..];
        }
    }

    /// <summary>The final compression inputs of this chunk: its last (padded) block with CHUNK_END.</summary>
    public readonly OutputState Output() =>
        new(_cv, _block, (uint)_blockLen, ChunkCounter, _flags | StartFlag | Blake3Flags.ChunkEnd);
}

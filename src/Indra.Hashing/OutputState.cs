using System.Runtime.InteropServices;

namespace Indra.Hashing;

/// <summary>
/// The inputs of a node's final compression, kept so the node can be finished either as a non-root chaining value
/// or as the root, whose output is extendable (paper §2.6: root output = the full 16-word compression output with
/// t = 0, 1, 2, … and ROOT set).
/// </summary>
internal struct OutputState
{
    // Passed by ref to the compression functions, which only read them (IDE0044 does not see through ref).
#pragma warning disable IDE0044
    private CvWords _inputCv;
    private BlockBuffer _block;
#pragma warning restore IDE0044
    private readonly uint _blockLen;
    private readonly ulong _counter;
    private readonly uint _flags;

    /// <summary>Creates the final-compression inputs of a node.</summary>
    /// <param name="inputCv">The 8 input chaining-value words.</param>
    /// <param name="block">The (zero-padded) 64-byte block.</param>
    /// <param name="blockLen">Real bytes in the block, 0..64.</param>
    /// <param name="counter">The counter t (chunk index for chunks, 0 for parents).</param>
    /// <param name="flags">All flags except ROOT.</param>
    public OutputState(ReadOnlySpan<uint> inputCv, ReadOnlySpan<byte> block, uint blockLen, ulong counter, uint flags)
    {
        inputCv[..8].CopyTo(_inputCv);
        block[..Blake3Constants.BlockLen].CopyTo(_block);
        _blockLen = blockLen;
        _counter = counter;
        _flags = flags;
    }

    /// <summary>A parent node (paper §2.5) over the 64 bytes left CV ‖ right CV at <paramref name="children"/>.</summary>
    public static unsafe OutputState Parent(byte* children, uint* key, uint flags) =>
        new(new ReadOnlySpan<uint>(key, 8), new ReadOnlySpan<byte>(children, Blake3Constants.BlockLen),
            Blake3Constants.BlockLen, 0, flags | Blake3Flags.Parent);

    /// <summary>Finishes the node as a non-root chaining value and writes its 32 little-endian bytes.</summary>
    public unsafe void ChainingValue(byte* destination)
    {
        CvWords cv = _inputCv;
        Blake3Compress.CompressInPlace(ref cv[0], ref _block[0], _blockLen, _counter, _flags);
        Blake3Words.StoreCv(cv, destination);
    }

    /// <summary>
    /// Finishes the node as the root and writes output bytes <c>[seek, seek + destination.Length)</c> of its
    /// extendable output (paper §2.6): output block <c>i</c> is the 64-byte root compression with counter <c>i</c>.
    /// </summary>
    public void RootBytes(ulong seek, Span<byte> destination)
    {
        ulong blockIndex = seek / Blake3Constants.BlockLen;
        int offset = (int)(seek % Blake3Constants.BlockLen);
        Span<uint> words = stackalloc uint[16];
        Span<byte> bytes = MemoryMarshal.AsBytes(words);
        Span<uint> copy = BitConverter.IsLittleEndian ? default : stackalloc uint[16];
        while (!destination.IsEmpty)
        {
            Blake3Compress.CompressXof(ref _inputCv[0], ref _block[0], _blockLen, blockIndex, _flags | Blake3Flags.Root, ref words[0]);
            if (!BitConverter.IsLittleEndian)
            {
                words.CopyTo(copy);
                Blake3Words.ToBytes(copy, bytes);
            }

            int take = Math.Min(Blake3Constants.BlockLen - offset, destination.Length);
            bytes.Slice(offset, take).CopyTo(destination);
            destination = destination[take..];
            offset = 0;
            blockIndex++;
        }
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Indra.Hashing;

/// <summary>Conversions between 32-bit words and their little-endian byte form (paper §2.1: words are little-endian).</summary>
internal static class Blake3Words
{
    /// <summary>Reads <c>destination.Length</c> little-endian words from <paramref name="source"/>.</summary>
    public static void FromBytes(ReadOnlySpan<byte> source, Span<uint> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, uint>(source[..(destination.Length * 4)]).CopyTo(destination);
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(i * 4)..]);
        }
    }

    /// <summary>Writes <paramref name="source"/> as little-endian words to the start of <paramref name="destination"/>.</summary>
    public static void ToBytes(ReadOnlySpan<uint> source, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }

        for (int i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], source[i]);
        }
    }

    /// <summary>Copies the 8 key words at <paramref name="key"/> into <paramref name="destination"/>.</summary>
    public static unsafe void CopyKey(uint* key, Span<uint> destination) => new ReadOnlySpan<uint>(key, 8).CopyTo(destination);

    /// <summary>Writes 8 words as a 32-byte little-endian chaining value at <paramref name="destination"/>.</summary>
    public static unsafe void StoreCv(ReadOnlySpan<uint> words, byte* destination) =>
        ToBytes(words[..8], new Span<byte>(destination, Blake3Constants.OutLen));
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Indra.Hashing;

/// <summary>
/// A 32-byte BLAKE3 chaining value (8 little-endian 32-bit words; paper §2.2, §2.4): the non-root output of a chunk
/// or of a complete subtree. It is <em>not</em> a hash: it lacks the ROOT flag, it depends on the subtree's position
/// (its first chunk counter) and on the mode and key (blake3.md §4.3). Used to cache per-block results so that a large
/// file's hash can be rebuilt without re-reading unchanged blocks (see <see cref="Blake3Subtree"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct ChainingValue : IEquatable<ChainingValue>
{
    /// <summary>Length of a chaining value in bytes.</summary>
    public const int Size = 32;

    // The 32 bytes in order, stored as four native-endian words read straight from memory.
    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <summary>Creates a chaining value from its 32 bytes (8 little-endian words).</summary>
    /// <param name="bytes">Exactly <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 32 bytes long.</exception>
    public ChainingValue(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A BLAKE3 chaining value is exactly {Size} bytes; got {bytes.Length}.", nameof(bytes));
        }

        _w0 = MemoryMarshal.Read<ulong>(bytes);
        _w1 = MemoryMarshal.Read<ulong>(bytes[8..]);
        _w2 = MemoryMarshal.Read<ulong>(bytes[16..]);
        _w3 = MemoryMarshal.Read<ulong>(bytes[24..]);
    }

    /// <summary>The 32 bytes, valid as long as this value is.</summary>
    /// <returns>A read-only view of the 32 bytes.</returns>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(in _w0, 4));

    /// <summary>Copies the 32 bytes to the start of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"The destination must hold at least {Size} bytes; got {destination.Length}.", nameof(destination));
        }

        AsSpan().CopyTo(destination);
    }

    /// <summary>Returns the 32 bytes in a new array.</summary>
    /// <returns>A new 32-byte array.</returns>
    public byte[] ToArray() => AsSpan().ToArray();

    /// <summary>The 32 bytes as 64 lowercase hexadecimal characters (for diagnostics).</summary>
    /// <returns>The lowercase hexadecimal form.</returns>
    public override string ToString() => Convert.ToHexStringLower(AsSpan());

    /// <summary>True if both chaining values have the same 32 bytes.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>True if equal.</returns>
    public bool Equals(ChainingValue other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ChainingValue other && Equals(other);

    /// <summary>A hash code taken from the first bytes.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => _w0.GetHashCode();

    /// <summary>True if both chaining values have the same 32 bytes.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True if equal.</returns>
    public static bool operator ==(ChainingValue left, ChainingValue right) => left.Equals(right);

    /// <summary>True if the chaining values differ.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True if not equal.</returns>
    public static bool operator !=(ChainingValue left, ChainingValue right) => !left.Equals(right);
}

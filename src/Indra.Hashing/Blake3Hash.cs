using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Indra.Hashing;

/// <summary>
/// A 32-byte BLAKE3 output: the default-length hash (paper §2.6) of the plain, keyed or derive-key mode.
/// Formats as 64 lowercase hexadecimal characters. The default value is 32 zero bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Blake3Hash : IEquatable<Blake3Hash>, IComparable<Blake3Hash>, ISpanFormattable, ISpanParsable<Blake3Hash>
{
    /// <summary>Length of a hash in bytes.</summary>
    public const int Size = 32;

    /// <summary>Length of the hexadecimal form in characters.</summary>
    public const int HexLength = 2 * Size;

    // The 32 bytes in order, stored as four native-endian words read straight from memory.
    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <summary>Creates a hash from its 32 bytes.</summary>
    /// <param name="bytes">Exactly <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 32 bytes long.</exception>
    public Blake3Hash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A BLAKE3 hash is exactly {Size} bytes; got {bytes.Length}.", nameof(bytes));
        }

        _w0 = MemoryMarshal.Read<ulong>(bytes);
        _w1 = MemoryMarshal.Read<ulong>(bytes[8..]);
        _w2 = MemoryMarshal.Read<ulong>(bytes[16..]);
        _w3 = MemoryMarshal.Read<ulong>(bytes[24..]);
    }

    /// <summary>The 32 bytes of the hash, valid as long as this value is.</summary>
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

    /// <summary>Formats the hash as 64 lowercase hexadecimal characters.</summary>
    /// <returns>The lowercase hexadecimal form.</returns>
    public override string ToString() => Convert.ToHexStringLower(AsSpan());

    /// <inheritdoc cref="ToString()"/>
    /// <param name="format">Ignored; the only format is lowercase hexadecimal.</param>
    /// <param name="formatProvider">Ignored.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the 64 lowercase hexadecimal characters to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write; needs at least <see cref="HexLength"/> characters.</param>
    /// <param name="charsWritten">64 on success, 0 otherwise.</param>
    /// <returns>False if <paramref name="destination"/> is too short.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        Convert.TryToHexStringLower(AsSpan(), destination, out charsWritten);

    /// <inheritdoc cref="TryFormat(Span{char}, out int)"/>
    /// <param name="destination">Where to write; needs at least <see cref="HexLength"/> characters.</param>
    /// <param name="charsWritten">64 on success, 0 otherwise.</param>
    /// <param name="format">Ignored; the only format is lowercase hexadecimal.</param>
    /// <param name="provider">Ignored.</param>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    /// <summary>Parses 64 hexadecimal characters (either case).</summary>
    /// <param name="hex">The hexadecimal form.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="hex"/> is not exactly 64 hexadecimal characters.</exception>
    public static Blake3Hash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Parse(hex.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="hex">The hexadecimal form.</param>
    public static Blake3Hash Parse(ReadOnlySpan<char> hex) =>
        TryParse(hex, out Blake3Hash hash)
            ? hash
            : throw new FormatException($"A BLAKE3 hash is exactly {HexLength} hexadecimal characters; got \"{hex}\".");

    /// <summary>Parses 64 hexadecimal characters (either case) without throwing.</summary>
    /// <param name="hex">The hexadecimal form.</param>
    /// <param name="hash">The hash on success, default otherwise.</param>
    /// <returns>True if <paramref name="hex"/> is exactly 64 hexadecimal characters.</returns>
    public static bool TryParse(ReadOnlySpan<char> hex, out Blake3Hash hash)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (hex.Length == HexLength
            && Convert.FromHexString(hex, bytes, out _, out int written) == OperationStatus.Done
            && written == Size)
        {
            hash = new Blake3Hash(bytes);
            return true;
        }

        hash = default;
        return false;
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, out Blake3Hash)"/>
    /// <param name="hex">The hexadecimal form, or null (which fails).</param>
    /// <param name="hash">The hash on success, default otherwise.</param>
    public static bool TryParse([NotNullWhen(true)] string? hex, out Blake3Hash hash)
    {
        if (hex is null)
        {
            hash = default;
            return false;
        }

        return TryParse(hex.AsSpan(), out hash);
    }

    static Blake3Hash IParsable<Blake3Hash>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Blake3Hash>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Blake3Hash result) =>
        TryParse(s, out result);

    static Blake3Hash ISpanParsable<Blake3Hash>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<Blake3Hash>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Blake3Hash result) =>
        TryParse(s, out result);

    /// <summary>True if both hashes have the same 32 bytes.</summary>
    /// <param name="other">The hash to compare with.</param>
    /// <returns>True if equal.</returns>
    public bool Equals(Blake3Hash other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Blake3Hash other && Equals(other);

    /// <summary>A hash code taken from the first bytes (which are uniformly distributed).</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => _w0.GetHashCode();

    /// <summary>Orders hashes by their bytes, lexicographically (the same order as their hexadecimal strings).</summary>
    /// <param name="other">The hash to compare with.</param>
    /// <returns>Negative, zero or positive as this hash sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(Blake3Hash other) => AsSpan().SequenceCompareTo(other.AsSpan());

    /// <summary>True if both hashes have the same 32 bytes.</summary>
    /// <param name="left">The first hash.</param>
    /// <param name="right">The second hash.</param>
    /// <returns>True if equal.</returns>
    public static bool operator ==(Blake3Hash left, Blake3Hash right) => left.Equals(right);

    /// <summary>True if the hashes differ.</summary>
    /// <param name="left">The first hash.</param>
    /// <param name="right">The second hash.</param>
    /// <returns>True if not equal.</returns>
    public static bool operator !=(Blake3Hash left, Blake3Hash right) => !left.Equals(right);
}

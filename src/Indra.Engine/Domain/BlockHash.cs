using System.Diagnostics.CodeAnalysis;
using Indra.Hashing;

namespace Indra.Engine.Domain;

/// <summary>
/// The name of a stored block, 32 bytes: the BLAKE3 hash of the block's bytes, or for a full block past the first of a
/// longer file its BLAKE3 chaining value at its position (docs/blocks.md, <see cref="Content.BlockKeys"/>). The block
/// store is content-addressed by it; a block is not an artifact (a leaf's id hashes the whole file, a block name only
/// its slice).
/// </summary>
/// <remarks>
/// A distinct type over the 32 bytes of a <see cref="Blake3Hash"/>: there is no implicit conversion to or from
/// <see cref="Blake3Hash"/> or the other typed ids, so the compiler rejects passing one where another is meant.
/// Formats as 64 lowercase hexadecimal characters (as <c>b3sum</c> prints); the default value is 32 zero bytes.
/// </remarks>
public readonly struct BlockHash : IEquatable<BlockHash>, IComparable<BlockHash>, ISpanFormattable, ISpanParsable<BlockHash>
{
    /// <summary>Wraps <paramref name="hash"/>.</summary>
    /// <param name="hash">The 32-byte BLAKE3 value.</param>
    public BlockHash(Blake3Hash hash) => Hash = hash;

    /// <summary>Creates the id from its 32 bytes.</summary>
    /// <param name="bytes">Exactly <see cref="Blake3Hash.Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 32 bytes long.</exception>
    public BlockHash(ReadOnlySpan<byte> bytes) => Hash = new Blake3Hash(bytes);

    /// <summary>The underlying 32-byte BLAKE3 value (for hashing code and stores, which work on plain hashes).</summary>
    public Blake3Hash Hash { get; }

    /// <summary>The 32 bytes in a new array.</summary>
    /// <returns>A new 32-byte array.</returns>
    public byte[] ToArray() => Hash.ToArray();

    /// <summary>The 64 lowercase hexadecimal characters.</summary>
    /// <returns>The lowercase hexadecimal form.</returns>
    public override string ToString() => Hash.ToString();

    /// <inheritdoc cref="ToString()"/>
    /// <param name="format">Ignored; the only format is lowercase hexadecimal.</param>
    /// <param name="formatProvider">Ignored.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the 64 lowercase hexadecimal characters to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write; needs at least <see cref="Blake3Hash.HexLength"/> characters.</param>
    /// <param name="charsWritten">64 on success, 0 otherwise.</param>
    /// <param name="format">Ignored.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>False if <paramref name="destination"/> is too short.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Hash.TryFormat(destination, out charsWritten);

    /// <summary>Parses 64 hexadecimal characters (either case).</summary>
    /// <param name="hex">The hexadecimal form.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="hex"/> is not exactly 64 hexadecimal characters.</exception>
    public static BlockHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Parse(hex.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static BlockHash Parse(ReadOnlySpan<char> hex) => new(HexId.Parse(hex, "A block hash"));

    /// <summary>Parses 64 hexadecimal characters (either case) without throwing.</summary>
    /// <param name="hex">The hexadecimal form, or null (which fails).</param>
    /// <param name="id">The id on success, default otherwise.</param>
    /// <returns>True if <paramref name="hex"/> is exactly 64 hexadecimal characters.</returns>
    public static bool TryParse([NotNullWhen(true)] string? hex, out BlockHash id) => TryParse(hex.AsSpan(), out id);

    /// <inheritdoc cref="TryParse(string?, out BlockHash)"/>
    public static bool TryParse(ReadOnlySpan<char> hex, out BlockHash id)
    {
        var ok = Blake3Hash.TryParse(hex, out var hash);
        id = new BlockHash(hash);
        return ok;
    }

    static BlockHash IParsable<BlockHash>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<BlockHash>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out BlockHash result) => TryParse(s, out result);

    static BlockHash ISpanParsable<BlockHash>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<BlockHash>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out BlockHash result) => TryParse(s, out result);

    /// <summary>True if both ids have the same 32 bytes.</summary>
    /// <param name="other">The id to compare with.</param>
    /// <returns>True if equal.</returns>
    public bool Equals(BlockHash other) => Hash.Equals(other.Hash);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BlockHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Hash.GetHashCode();

    /// <summary>Orders ids by their bytes (the order of their hexadecimal strings).</summary>
    /// <param name="other">The id to compare with.</param>
    /// <returns>Negative, zero or positive as this id sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(BlockHash other) => Hash.CompareTo(other.Hash);

    /// <summary>True if both ids have the same 32 bytes.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns>True if equal.</returns>
    public static bool operator ==(BlockHash left, BlockHash right) => left.Equals(right);

    /// <summary>True if the ids differ.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns>True if not equal.</returns>
    public static bool operator !=(BlockHash left, BlockHash right) => !left.Equals(right);
}

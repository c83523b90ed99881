using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Indra.FileSystem;

/// <summary>
/// Lossless conversion between the bytes of a Linux name (any bytes but '/' and NUL; POSIX gives names no encoding)
/// and the strings the vault stores. Valid UTF-8 becomes the characters it encodes; every byte of a sequence that is
/// not valid UTF-8 becomes one escape character U+10FF00 + byte (the last 256 code points of Supplementary Private
/// Use Area-B), and so does every byte of valid UTF-8 that encodes an escape character itself, so each byte string
/// has exactly one string and back (the idea of Python's PEP 383 "surrogateescape", with characters SQLite and every
/// UTF-8 encoder keep intact instead of lone surrogates).
/// </summary>
public static class NameBytes
{
    private const int EscapeBase = 0x10FF00;

    /// <summary>All escape characters are encoded in UTF-8 as F4 8F BC..BF xx; any name without 0xF4 takes the fast path.</summary>
    private const byte EscapeLead = 0xF4;

    /// <summary>The high surrogate of every escape character (U+10FC00..U+10FFFF) in a .NET string.</summary>
    private const char EscapeHighSurrogate = '\uDBFF';

    /// <summary>The string for the bytes of a name.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf(EscapeLead) < 0 && Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var builder = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == OperationStatus.Done && rune.Value < EscapeBase)
            {
                builder.Append(rune.ToString());
            }
            else
            {
                foreach (var b in bytes[..Math.Max(1, consumed)]) builder.Append(char.ConvertFromUtf32(EscapeBase + b));
            }
            bytes = bytes[Math.Max(1, consumed)..];
        }
        return builder.ToString();
    }

    /// <summary>The number of bytes <see cref="Encode"/> writes for <paramref name="value"/>.</summary>
    public static int ByteCount(string value)
    {
        if (!value.Contains(EscapeHighSurrogate)) return Encoding.UTF8.GetByteCount(value);
        var count = 0;
        foreach (var rune in value.EnumerateRunes()) count += rune.Value >= EscapeBase ? 1 : rune.Utf8SequenceLength;
        return count;
    }

    /// <summary>Writes the bytes of <paramref name="value"/> (at most <c>Encoding.UTF8.GetMaxByteCount(value.Length)</c>).</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Encode(string value, Span<byte> destination)
    {
        if (!value.Contains(EscapeHighSurrogate)) return Encoding.UTF8.GetBytes(value, destination);
        var written = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value >= EscapeBase) destination[written++] = (byte)(rune.Value - EscapeBase);
            else written += rune.EncodeToUtf8(destination[written..]);
        }
        return written;
    }

    /// <summary>The bytes of <paramref name="value"/> in a new array.</summary>
    public static byte[] GetBytes(string value)
    {
        var bytes = new byte[ByteCount(value)];
        Encode(value, bytes);
        return bytes;
    }
}

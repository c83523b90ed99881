using System.Buffers;

namespace Indra.Sharing.Server;

/// <summary>
/// Recognises the first TLS record of a connection (RFC 8446 §5.1: content type 22 "handshake", a 2-byte legacy
/// version, a 2-byte length of at most 2^14 + 256, then the fragment), which carries a client's ClientHello. An honest
/// client sends it whole at once; a connection whose first record is not whole yet has done no TLS work.
/// </summary>
internal static class ClientHelloRecord
{
    /// <summary>Bytes of a TLS record header.</summary>
    private const int HeaderBytes = 5;

    /// <summary>TLSPlaintext.type of a handshake message.</summary>
    private const byte Handshake = 22;

    /// <summary>Largest record fragment a peer may send (2^14, plus the 256 RFC 8446 allows a TLSCiphertext).</summary>
    private const int MaxFragmentBytes = (1 << 14) + 256;

    /// <summary>What the bytes received so far are.</summary>
    internal enum State
    {
        /// <summary>A handshake record, not whole yet.</summary>
        Partial,

        /// <summary>A whole handshake record is there.</summary>
        Whole,

        /// <summary>Not a TLS handshake record (another content type, or a length no record has).</summary>
        NotTls,
    }

    /// <summary>Classifies <paramref name="received"/>, the first bytes of a connection.</summary>
    internal static State Of(ReadOnlySequence<byte> received)
    {
        if (received.IsEmpty) return State.Partial;
        if (received.FirstSpan[0] != Handshake) return State.NotTls;
        if (received.Length < HeaderBytes) return State.Partial;
        Span<byte> header = stackalloc byte[HeaderBytes];
        received.Slice(0, HeaderBytes).CopyTo(header);
        var length = (header[3] << 8) | header[4];
        if (length is 0 or > MaxFragmentBytes) return State.NotTls;
        return received.Length >= HeaderBytes + length ? State.Whole : State.Partial;
    }
}

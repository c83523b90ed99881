namespace Indra.Sharing.Client;

/// <summary>A peer answered with something the protocol does not allow (bad status, oversized or malformed body,
/// a block that does not hash to its id); the answer is discarded.</summary>
public class PeerProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PeerProtocolException(string message) : base(message)
    {
    }
}

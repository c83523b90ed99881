namespace Indra.Sharing.Client;

/// <summary>
/// The peer answered that it removed us (403 with <see cref="Protocol.Wire.PairingHeader"/>:
/// <see cref="Protocol.Wire.Unpaired"/>): nothing it granted us holds any more.
/// </summary>
public sealed class PeerUnpairedException : PeerProtocolException
{
    /// <summary>Creates the exception.</summary>
    public PeerUnpairedException() : base("the peer removed this vault (unpaired)")
    {
    }
}

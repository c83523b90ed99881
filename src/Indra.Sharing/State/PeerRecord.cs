using Indra.Engine.Domain;

namespace Indra.Sharing.State;

/// <summary>A paired peer: its local name, player id and where to reach it.</summary>
/// <param name="Name">Local name (the folder under /peers).</param>
/// <param name="PlayerId">BLAKE3 of the peer's public key; its TLS certificate is pinned to it.</param>
/// <param name="Host">Host name or address of its peer endpoint.</param>
/// <param name="Port">TCP port of its peer endpoint.</param>
/// <param name="AddedNs">When it was paired, UTC ns since the Unix epoch.</param>
/// <param name="RevokedNs">When it was removed (0 while paired); a removed peer can no longer connect.</param>
public sealed record PeerRecord(string Name, PlayerId PlayerId, string Host, int Port, long AddedNs, long RevokedNs)
{
    /// <summary>True while paired (not removed).</summary>
    public bool IsActive => RevokedNs == 0;
}

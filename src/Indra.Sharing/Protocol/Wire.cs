using System.Text.Json;
using System.Text.Json.Serialization;

namespace Indra.Sharing.Protocol;

/// <summary>
/// The peer protocol over HTTP/2 or HTTP/1.1 + TLS 1.3 (mutual, certificates pinned to player ids; a server from
/// before block runs speaks HTTP/2 only). Every request is answered for the authenticated peer only:
/// <list type="bullet">
/// <item><c>GET /v1/manifest</c>: what the caller is granted now (<see cref="ManifestDto"/>, JSON); ETag / If-None-Match.
/// With If-None-Match and <see cref="WaitHeader"/>, an unchanged manifest is held until it changes or that many
/// milliseconds (at most <see cref="MaxManifestWaitMs"/>) pass, then answered (a long poll; a server without it answers at once).</item>
/// <item><c>GET /v1/blocks/HEX</c>: one block's bytes, only when the block belongs to an artifact granted to the caller (404 otherwise, the same answer as for an unknown hash).</item>
/// <item><c>GET /v1/runs/HEX,HEX,...</c>: a block run: the bytes of up to <see cref="MaxRunBlocks"/> blocks one after
/// the other in the order asked, with no framing between them (the caller knows each block's size from the manifest;
/// Content-Length is their sum); 404 before any byte when one of them is not granted to the caller, unknown or gone, or
/// the list is malformed. A block collected while the run is sent aborts the response. A server from before runs
/// answers 404 as for any unknown path: the caller then asks block by block. Clients send runs over HTTP/1.1
/// connections of their own, where the body is one raw stream (no HTTP/2 framing, flow control or copies between
/// frames; docs/performance-sharing.md).</item>
/// <item><c>POST /v1/transfers/GRANT/accept</c>: the recipient of a transfer grant took stewardship of the version it names (<see cref="TransferAcceptDto"/>); 204 done, 404 no such transfer, 410 the offer expired.</item>
/// <item><c>POST /v1/attention</c>: how often the caller opened artifacts we granted it (<see cref="AttentionReportDto"/>).</item>
/// </list>
/// A peer we removed still completes the TLS handshake, and every request of it is answered 403 with
/// <see cref="PairingHeader"/>: <see cref="Unpaired"/>; an honest client then drops what we showed it (retained permanent
/// entries aside) and polls slowly. A key we never paired is refused at the handshake.
/// </summary>
public static class Wire
{
    /// <summary>Response header telling a removed peer it is no longer paired (with 403).</summary>
    public const string PairingHeader = "Indra-Pairing";

    /// <summary>The value of <see cref="PairingHeader"/> for a removed peer.</summary>
    public const string Unpaired = "unpaired";

    /// <summary>Request header of a manifest request with If-None-Match: how long (milliseconds, decimal) the caller lets
    /// the server hold an unchanged manifest's 304 while waiting for a change.</summary>
    public const string WaitHeader = "Indra-Wait";

    /// <summary>Longest a server holds a manifest request for <see cref="WaitHeader"/> (milliseconds); longer asks are cut to it.</summary>
    public const int MaxManifestWaitMs = 25_000;

    /// <summary>Largest request body the service accepts (bytes).</summary>
    public const int MaxRequestBody = 64 * 1024;

    /// <summary>Largest manifest a client accepts (bytes).</summary>
    public const int MaxManifestBytes = 64 * 1024 * 1024;

    /// <summary>Largest block a client accepts (bytes): the largest vault block size.</summary>
    public const int MaxBlockBytes = 64 * 1024 * 1024;

    /// <summary>Path prefix of a block run (<c>GET /v1/runs/HEX,HEX,...</c>).</summary>
    public const string RunsPath = "/v1/runs/";

    /// <summary>Separator of the block hashes of a run's path.</summary>
    public const char RunSeparator = ',';

    /// <summary>Most blocks one run may ask for: 32 hashes of 64 hex digits and their separators fit the server's
    /// 4096-character request line.</summary>
    public const int MaxRunBlocks = 32;

    /// <summary>Most items in one attention report.</summary>
    public const int MaxAttentionItems = 1024;

    /// <summary>JSON settings of every message.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        MaxDepth = 16,
    };
}

/// <summary>What a peer is granted now.</summary>
/// <param name="Steward">The granting player's id (hex).</param>
/// <param name="Grants">The active grants.</param>
public sealed record ManifestDto(string Steward, IReadOnlyList<GrantDto> Grants);

/// <summary>One active grant.</summary>
/// <param name="Id">Grant id (hex).</param>
/// <param name="Mode">"Revocable", "Permanent", "Timed" or "Transfer".</param>
/// <param name="ExpiresNs">Timed: expiry (UTC ns); else 0.</param>
/// <param name="Audience">Players granted this artifact (hex ids) that the caller may know of: the caller, and each
/// other grantee that the steward put in one of its realms together with the caller (what the caller's realm view of
/// that group needs to show the artifact). Other grantees are never named, so a grant does not tell who else got it.</param>
/// <param name="Entries">The granted file, or the folder and everything under it; the first entry is the root.</param>
public sealed record GrantDto(string Id, string Mode, long ExpiresNs, IReadOnlyList<string> Audience, IReadOnlyList<EntryDto> Entries);

/// <summary>One file or folder of a grant.</summary>
/// <param name="Path">'/'-separated path; its first segment is the grant's root name.</param>
/// <param name="Dir">Folder or file.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Id">Leaf id (BLAKE3 of the bytes) or tree id (hex).</param>
/// <param name="ModifiedNs">Last modification (UTC ns).</param>
/// <param name="Blocks">Files: the blocks in order.</param>
public sealed record EntryDto(string Path, bool Dir, long Size, string Id, long ModifiedNs, IReadOnlyList<BlockDto> Blocks);

/// <summary>One block.</summary>
/// <param name="H">BLAKE3 of the block (hex).</param>
/// <param name="S">Bytes.</param>
public sealed record BlockDto(string H, int S);

/// <summary>Attention a peer paid to artifacts we granted it, since its last report.</summary>
/// <param name="Items">Per artifact id.</param>
public sealed record AttentionReportDto(IReadOnlyList<AttentionItemDto> Items);

/// <summary>Opens of one artifact.</summary>
/// <param name="Id">Artifact id (hex) as the peer saw it.</param>
/// <param name="Count">Number of opens.</param>
public sealed record AttentionItemDto(string Id, long Count);

/// <summary>What the recipient of a transfer verified and took.</summary>
/// <param name="Id">The leaf id of the file, or the entry digest of the folder it received (hex), as the giver's manifest described it.</param>
public sealed record TransferAcceptDto(string Id);

namespace Indra.Control.Wire;

/// <summary>
/// The control API's wire: HTTP/1.1 with JSON bodies over the daemon's owner-only local socket (docs/control-api.md).
/// Every request carries <see cref="VersionHeader"/> and a path under <see cref="Prefix"/>; the names here are the
/// only place routes are spelled, shared by the daemon's dispatcher and <see cref="DaemonVaultControl"/>.
/// </summary>
public static class ControlWire
{
    /// <summary>The header naming the control API version a request speaks (<see cref="ControlLimits.Version"/>);
    /// the daemon answers it too.</summary>
    public const string VersionHeader = "Indra-Control-Version";

    /// <summary>The path prefix of version 1.</summary>
    public const string Prefix = "/v1";

    /// <summary>Content type of JSON bodies.</summary>
    public const string Json = "application/json";

    /// <summary>Content type of file content (read answers, write bodies).</summary>
    public const string Bytes = "application/octet-stream";

    /// <summary>Content type of a check's or collection's answer: one JSON object a line (progress lines, then the result or an error).</summary>
    public const string JsonLines = "application/x-ndjson";

    /// <summary>GET: <see cref="Model.VaultStatus"/>.</summary>
    public const string Status = Prefix + "/status";

    /// <summary>GET ?path=: <see cref="Model.VaultItem"/>.</summary>
    public const string Item = Prefix + "/item";

    /// <summary>GET ?path=: the folder's <see cref="Model.VaultItem"/>s.</summary>
    public const string List = Prefix + "/list";

    /// <summary>GET ?path=&amp;offset=&amp;count=: bytes. PUT ?path=&amp;mode=replace|append with the bytes as body: <see cref="Model.VaultItem"/>.</summary>
    public const string Content = Prefix + "/content";

    /// <summary>POST <see cref="PathRequest"/>: <see cref="Model.VaultItem"/>.</summary>
    public const string MakeDirectory = Prefix + "/mkdir";

    /// <summary>POST <see cref="TreeTypeRequest"/>: <see cref="Model.VaultItem"/>.</summary>
    public const string TreeType = Prefix + "/treetype";

    /// <summary>POST <see cref="NameRequest"/>: unpairs the peer, no body (204).</summary>
    public const string RemovePeer = Prefix + "/peers/remove";

    /// <summary>POST <see cref="NameRequest"/>: deletes the realm, no body (204).</summary>
    public const string DeleteRealm = Prefix + "/realms/delete";

    /// <summary>POST <see cref="RemoveRequest"/>: no body (204).</summary>
    public const string Remove = Prefix + "/remove";

    /// <summary>POST <see cref="MoveRequest"/>: <see cref="Model.VaultItem"/>.</summary>
    public const string Rename = Prefix + "/rename";

    /// <summary>POST <see cref="MoveRequest"/> (Replace read as Recursive): <see cref="Model.VaultItem"/>.</summary>
    public const string Copy = Prefix + "/copy";

    /// <summary>GET ?path=&amp;top=: <see cref="Model.HeatItem"/>s.</summary>
    public const string Heat = Prefix + "/heat";

    /// <summary>GET ?path=&amp;since=&amp;limit=: <see cref="Model.AttentionItem"/>s.</summary>
    public const string Attention = Prefix + "/attention";

    /// <summary>GET: <see cref="Model.GrantItem"/>s. POST <see cref="ShareRequest"/>: the new <see cref="Model.GrantItem"/>.</summary>
    public const string Grants = Prefix + "/grants";

    /// <summary>POST <see cref="RecallRequest"/>: <see cref="CountAnswer"/>.</summary>
    public const string Recall = Prefix + "/recall";

    /// <summary>GET: <see cref="Model.PeerItem"/>s. POST <see cref="AddPeerRequest"/>: the new <see cref="Model.PeerItem"/>.</summary>
    public const string Peers = Prefix + "/peers";

    /// <summary>GET: <see cref="InviteAnswer"/>.</summary>
    public const string Invite = Prefix + "/invite";

    /// <summary>GET: <see cref="Model.RealmItem"/>s. POST <see cref="RealmRequest"/>: the new <see cref="Model.RealmItem"/>.</summary>
    public const string Realms = Prefix + "/realms";

    /// <summary>POST ?repair=: JSON lines of <see cref="MaintenanceLine{T}"/> of <see cref="Model.CheckReport"/>.</summary>
    public const string Check = Prefix + "/check";

    /// <summary>POST: JSON lines of <see cref="MaintenanceLine{T}"/> of <see cref="Model.CollectReport"/>.</summary>
    public const string Collect = Prefix + "/gc";

    /// <summary>POST: 202; the daemon flushes, unmounts and exits after answering.</summary>
    public const string Unmount = Prefix + "/unmount";

    // Heat ranking and the attention feed (indra heat, indra top; issue 18).

    /// <summary>GET ?path=&amp;top=&amp;since=: <see cref="Model.HeatRanking"/>.</summary>
    public const string HeatRanking = Prefix + "/heat/ranking";

    /// <summary>GET ?after=&amp;limit=&amp;peersSince=: <see cref="Model.AttentionFeed"/>.</summary>
    public const string AttentionFeed = Prefix + "/attention/feed";

    // Offers, consent and peer limits (the peer list with removed peers, offers, accept/decline, quota, auto-accept).

    /// <summary>GET ?removed=true|false: every <see cref="Model.PeerItem"/> with its state, removed peers too with removed=true.</summary>
    public const string PeerStates = Prefix + "/peers/states";

    /// <summary>GET: <see cref="Model.OfferItem"/>s.</summary>
    public const string Offers = Prefix + "/offers";

    /// <summary>POST <see cref="OfferRequest"/>: the accepted <see cref="Model.OfferItem"/>.</summary>
    public const string AcceptOffer = Prefix + "/offers/accept";

    /// <summary>POST <see cref="OfferRequest"/>: the declined <see cref="Model.OfferItem"/>.</summary>
    public const string DeclineOffer = Prefix + "/offers/decline";

    /// <summary>POST <see cref="PeerQuotaRequest"/>: the <see cref="Model.PeerItem"/> after the change.</summary>
    public const string PeerQuota = Prefix + "/peers/quota";

    /// <summary>POST <see cref="AutoAcceptRequest"/>: the <see cref="Model.PeerItem"/> after the change.</summary>
    public const string PeerAutoAccept = Prefix + "/peers/autoaccept";
}

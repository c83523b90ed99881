namespace Indra.Cli.Terminal.Documents;

/// <summary>One line of <c>indra top --json</c> (JSON lines; docs/json-output.md, "top"): one refresh.</summary>
/// <param name="At">When this refresh was taken, UTC.</param>
/// <param name="IntervalSeconds">Seconds since the previous refresh (or since the view started).</param>
/// <param name="Opens">Files opened (navigate_to on a file or folder) in that interval.</param>
/// <param name="OpensPerSecond">Opens divided by the interval.</param>
/// <param name="Events">Attention events of any kind in that interval.</param>
/// <param name="Gap">True when more events came than one poll reads (some were not counted).</param>
/// <param name="Hottest">Paths opened most in the last minute, most first.</param>
/// <param name="Recent">The newest events of the interval, newest first (at most 10).</param>
/// <param name="Peers">Peers' attention reported since the view started, newest first.</param>
internal sealed record TopDocument(DateTimeOffset At, double IntervalSeconds, int Opens, double OpensPerSecond, int Events, bool Gap,
    IReadOnlyList<TopHot> Hottest, IReadOnlyList<TopEvent> Recent, IReadOnlyList<TopPeer> Peers);

/// <summary>A path and its opens in the last minute.</summary>
internal sealed record TopHot(string Path, int Opens);

/// <summary>One attention event: when, kind (navigate_to, navigate_back), path, player (hex).</summary>
internal sealed record TopEvent(DateTimeOffset At, string Kind, string Path, string Player);

/// <summary>A peer's attention to one file: the peer's name, the vault path, views reported in all, latest report.</summary>
internal sealed record TopPeer(string Peer, string Path, long Views, DateTimeOffset LastAt);

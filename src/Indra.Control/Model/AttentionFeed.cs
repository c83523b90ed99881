namespace Indra.Control.Model;

/// <summary>
/// The attention events recorded after a cursor (<c>indra top</c> polls it): a bounded page, oldest first, and the
/// cursor to pass next time. Peers' attention (views of this vault's files that peers report) comes with it.
/// </summary>
/// <param name="Cursor">The id of the newest event recorded so far (or of the newest returned): pass it as the next
/// request's <c>after</c>. Ids increase in recording order; 0 when the vault has none.</param>
/// <param name="Events">The events after the cursor asked for, oldest first; empty for a first request (no cursor).</param>
/// <param name="Gap">True when more events were recorded after the cursor than the limit: the oldest of them were
/// skipped (the page holds the newest).</param>
/// <param name="Peers">Peers' attention reported at or after the time asked for, newest first (empty when none was asked for).</param>
public sealed record AttentionFeed(long Cursor, IReadOnlyList<AttentionItem> Events, bool Gap, IReadOnlyList<PeerAttentionItem> Peers);

/// <summary>A peer's attention to one of this vault's files, as the peer reports it (the sharing protocol).</summary>
/// <param name="Peer">The paired peer's name (its player id in hex when no longer paired).</param>
/// <param name="Path">Vault path of the file viewed.</param>
/// <param name="Views">Views reported so far (all time).</param>
/// <param name="LastAt">When the latest report arrived, UTC.</param>
public sealed record PeerAttentionItem(string Peer, string Path, long Views, DateTimeOffset LastAt);

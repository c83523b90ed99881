using Indra.Engine.Attention;

namespace Indra.Control.Model;

/// <summary>One attention event (an open, close, listing or change).</summary>
/// <param name="At">When, UTC.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Path">Vault path at the time.</param>
/// <param name="Id">The artifact attended (hex).</param>
/// <param name="Player">Who (player id hex; this vault's own player for local use).</param>
/// <param name="DwellSeconds">For a close: how long it was open, seconds.</param>
public sealed record AttentionItem(DateTimeOffset At, AttentionKind Kind, string Path, string Id, string Player, double DwellSeconds);

using Indra.Control.Model;
using Indra.Engine.Attention;

namespace Indra.Cli.Terminal;

/// <summary>
/// What <c>indra top</c> keeps of the attention feed: the opens (navigate_to) of the last <see cref="Span"/>, for
/// "hottest now", and the newest events seen. Bounded: opens older than the span are dropped at each
/// <see cref="Add"/>, and at most <see cref="MaxOpens"/> are kept.
/// </summary>
internal sealed class AttentionWindow
{
    /// <summary>How far back "hottest now" looks.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromMinutes(1);

    /// <summary>Most opens kept (the oldest go first).</summary>
    public const int MaxOpens = 100_000;

    private readonly Queue<(DateTimeOffset At, string Path)> _opens = new();

    /// <summary>Adds one poll's <paramref name="events"/> (oldest first) and forgets opens older than <see cref="Span"/> before <paramref name="now"/>.</summary>
    /// <returns>The opens among <paramref name="events"/>.</returns>
    public int Add(IReadOnlyList<AttentionItem> events, DateTimeOffset now)
    {
        var opens = 0;
        foreach (var e in events.Where(e => e.Kind == AttentionKind.NavigateTo))
        {
            _opens.Enqueue((e.At, e.Path));
            opens++;
        }
        while (_opens.Count > 0 && (_opens.Peek().At < now - Span || _opens.Count > MaxOpens)) _opens.Dequeue();
        return opens;
    }

    /// <summary>The paths opened most within the span, most first (ties by path), at most <paramref name="count"/>.</summary>
    public IReadOnlyList<(string Path, int Opens)> Hottest(int count) =>
        _opens.GroupBy(o => o.Path, StringComparer.Ordinal)
            .Select(g => (Path: g.Key, Opens: g.Count()))
            .OrderByDescending(g => g.Opens).ThenBy(g => g.Path, StringComparer.Ordinal)
            .Take(count)
            .ToList();
}

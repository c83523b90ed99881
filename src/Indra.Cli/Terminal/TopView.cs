using System.Globalization;
using Indra.Cli.Terminal.Documents;
using Indra.Control;
using Indra.Engine.Attention;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Indra.Cli.Terminal;

/// <summary>
/// <c>indra top</c>: polls the control API's attention feed (<see cref="IVaultControl.GetAttentionFeedAsync"/>) every
/// interval and shows what happened: opens per second, the paths opened most in the last minute, the newest events
/// and peers' attention. On a terminal it is a live view redrawn in place until Ctrl-C or <c>q</c>; otherwise one
/// plain line (or one JSON line) per interval.
/// </summary>
internal sealed class TopView(IVaultControl control, string vault, TimeSpan interval, int iterations, bool json)
{
    /// <summary>Most events one poll reads; more in one interval are counted as a gap.</summary>
    public const int PollLimit = 5_000;

    /// <summary>How far back peers' attention is shown.</summary>
    public static readonly TimeSpan PeerWindow = TimeSpan.FromHours(1);

    private readonly AttentionWindow _window = new();
    private readonly Queue<TopEvent> _recent = new();
    private long _cursor;
    private DateTimeOffset _last;

    /// <summary>Runs until <paramref name="stop"/> is cancelled, <c>q</c> is pressed, or the iterations are done.</summary>
    /// <returns>The exit code: 0.</returns>
    public int Run(CancellationToken stop)
    {
        _cursor = control.GetAttentionFeedAsync(null, 1, null, stop).GetAwaiter().GetResult().Cursor;
        _last = DateTimeOffset.UtcNow;
        if (json || !TerminalMode.OutputIsTerminal)
        {
            for (var i = 0; iterations == 0 || i < iterations; i++)
            {
                if (!Wait(stop, keys: false)) break;
                var refresh = Poll(stop);
                if (json) JsonOutput.WriteLine(refresh);
                else WritePlain(refresh);
            }
            return 0;
        }
        var console = TerminalMode.Create(Console.Out);
        console.Live(Render(Empty())).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(live =>
        {
            for (var i = 0; iterations == 0 || i < iterations; i++)
            {
                if (!Wait(stop, keys: !Console.IsInputRedirected)) break;
                live.UpdateTarget(Render(Poll(stop)));
                live.Refresh();
            }
        });
        return 0;
    }

    /// <summary>One poll of the feed folded into the window.</summary>
    private TopDocument Poll(CancellationToken stop)
    {
        var now = DateTimeOffset.UtcNow;
        var feed = control.GetAttentionFeedAsync(_cursor, PollLimit, now - PeerWindow, stop).GetAwaiter().GetResult();
        _cursor = feed.Cursor;
        var opens = _window.Add(feed.Events, now);
        foreach (var e in feed.Events) _recent.Enqueue(new TopEvent(e.At, Kind(e.Kind), e.Path, e.Player));
        while (_recent.Count > 10) _recent.Dequeue();
        var seconds = Math.Max((now - _last).TotalSeconds, 1e-3);
        _last = now;
        return new TopDocument(now, Math.Round(seconds, 3), opens, Math.Round(opens / seconds, 2), feed.Events.Count, feed.Gap,
            _window.Hottest(10).Select(h => new TopHot(h.Path, h.Opens)).ToList(),
            _recent.Reverse().ToList(),
            feed.Peers.Select(p => new TopPeer(p.Peer, p.Path, p.Views, p.LastAt)).ToList());
    }

    /// <summary>Waits one interval; false when stopped (Ctrl-C, or <c>q</c> with <paramref name="keys"/>).</summary>
    private bool Wait(CancellationToken stop, bool keys)
    {
        var until = DateTimeOffset.UtcNow + interval;
        while (DateTimeOffset.UtcNow < until)
        {
            if (stop.IsCancellationRequested) return false;
            if (keys && Console.KeyAvailable && Console.ReadKey(intercept: true).Key is ConsoleKey.Q or ConsoleKey.Escape) return false;
            stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(50, Math.Max(1, (until - DateTimeOffset.UtcNow).TotalMilliseconds))));
        }
        return !stop.IsCancellationRequested;
    }

    private void WritePlain(TopDocument refresh)
    {
        var hot = refresh.Hottest.Count == 0 ? "-" : string.Join(",", refresh.Hottest.Take(5).Select(h => $"{h.Path}:{h.Opens}"));
        var peers = refresh.Peers.Count == 0 ? "-" : string.Join(",", refresh.Peers.Take(5).Select(p => $"{p.Peer}:{p.Path}:{p.Views}"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{UtcText.From(refresh.At)} opens={refresh.Opens} opens/s={refresh.OpensPerSecond:0.00} events={refresh.Events}{(refresh.Gap ? " gap" : "")} hottest={hot} peers={peers}"));
        Console.Out.Flush();
    }

    private TopDocument Empty() => new(DateTimeOffset.UtcNow, 0, 0, 0, 0, false, [], [], []);

    private IRenderable Render(TopDocument refresh)
    {
        var header = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]indra top[/]  {Markup.Escape(vault)}  [bold yellow]{refresh.OpensPerSecond:0.0}[/] opens/s  {refresh.Events} events{(refresh.Gap ? " [red](gap)[/]" : "")}  [grey]{UtcText.From(refresh.At)}  q or Ctrl-C to quit[/]"));
        var hot = new Table { Border = TableBorder.Simple, Title = new TableTitle("hottest now (opens in the last minute)") };
        hot.AddColumn(new TableColumn("opens").RightAligned());
        hot.AddColumn(new TableColumn("").NoWrap());
        hot.AddColumn("path");
        var max = refresh.Hottest.Count == 0 ? 0 : refresh.Hottest.Max(h => h.Opens);
        foreach (var h in refresh.Hottest)
        {
            hot.AddRow(h.Opens.ToString(CultureInfo.InvariantCulture), $"[red]{new string('█', HeatChart.Cells(h.Opens, max))}[/]", Markup.Escape(h.Path.Length == 0 ? "/" : h.Path));
        }
        var recent = new Table { Border = TableBorder.Simple, Title = new TableTitle("latest attention") };
        recent.AddColumn("time");
        recent.AddColumn("event");
        recent.AddColumn("path");
        recent.AddColumn("player");
        foreach (var e in refresh.Recent)
        {
            recent.AddRow(e.At.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), e.Kind == "navigate_to" ? "[green]open[/]" : "[grey]close[/]",
                Markup.Escape(e.Path.Length == 0 ? "/" : e.Path), Markup.Escape(e.Player.Length > 12 ? e.Player[..12] : e.Player));
        }
        var peers = new Table { Border = TableBorder.Simple, Title = new TableTitle("peers' attention (last hour)") };
        peers.AddColumn("peer");
        peers.AddColumn("path");
        peers.AddColumn(new TableColumn("views").RightAligned());
        peers.AddColumn("last");
        foreach (var p in refresh.Peers.Take(10))
        {
            peers.AddRow(Markup.Escape(p.Peer), Markup.Escape(p.Path), p.Views.ToString(CultureInfo.InvariantCulture), Units.Ago(p.LastAt, refresh.At));
        }
        return new Rows(header, hot, recent, refresh.Peers.Count == 0 ? new Markup("[grey]no peer attention in the last hour[/]") : peers);
    }

    private static string Kind(AttentionKind kind) => kind == AttentionKind.NavigateTo ? "navigate_to" : "navigate_back";
}

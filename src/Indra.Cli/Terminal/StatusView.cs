using Indra.Cli.Terminal.Documents;
using Spectre.Console;

namespace Indra.Cli.Terminal;

/// <summary>
/// <c>indra status</c>'s lines, "Label: value" each: plain text when standard output is not a terminal (the lines
/// scripts and tests read), the same lines with bold labels and coloured states on a terminal (green for mounted,
/// sharing on and connected peers; yellow for not mounted; red for sharing off).
/// </summary>
internal sealed class StatusView
{
    private readonly List<(string Label, string Value, string? Colour)> _lines = [];

    /// <summary>Adds a line; <paramref name="colour"/> is a Spectre colour name for its value on a terminal, or null.</summary>
    public StatusView Add(string label, string value, string? colour = null)
    {
        _lines.Add((label, value, colour));
        return this;
    }

    /// <summary>The short sync summary of <paramref name="peers"/>: each peer with whether it answered within the last
    /// minute and when it was last seen; null without peers.</summary>
    public static string? Sync(IReadOnlyList<StatusPeer> peers, DateTimeOffset now) =>
        peers.Count == 0 ? null : string.Join(", ", peers.Select(p => $"{p.Name} {(p.Connected ? "connected" : "not connected")} (last seen {Units.Ago(p.LastSeenAt, now)})"));

    /// <summary>Prints the lines to standard output, plain or coloured as <see cref="TerminalMode"/> says.</summary>
    public void Print()
    {
        if (!TerminalMode.OutputIsTerminal)
        {
            foreach (var (label, value, _) in _lines) Console.WriteLine($"{label}: {value}");
            return;
        }
        var console = TerminalMode.Create(Console.Out);
        foreach (var (label, value, colour) in _lines)
        {
            var text = Markup.Escape(value);
            console.MarkupLine($"[bold]{Markup.Escape(label)}:[/] " + (colour is null ? text : $"[{colour}]{text}[/]"));
        }
    }
}

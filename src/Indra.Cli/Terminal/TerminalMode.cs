using System.Globalization;
using Spectre.Console;

namespace Indra.Cli.Terminal;

/// <summary>
/// Whether a stream is a terminal and whether to colour it: the rich views (bars, colour, live refresh) are drawn only
/// on a terminal; elsewhere (a pipe, a file) verbs print plain lines. Colour follows the NO_COLOR convention
/// (no-color.org: set and not empty turns colour off) and TERM=dumb turns it off too.
/// </summary>
internal static class TerminalMode
{
    /// <summary>Width used when the terminal does not tell its size (a pseudo-terminal of size 0), columns.</summary>
    public const int FallbackWidth = 100;

    /// <summary>True when standard output is a terminal.</summary>
    public static bool OutputIsTerminal => !Console.IsOutputRedirected;

    /// <summary>True when standard error is a terminal.</summary>
    public static bool ErrorIsTerminal => !Console.IsErrorRedirected;

    /// <summary>True unless NO_COLOR is set (not empty) or TERM is "dumb".</summary>
    public static bool ColourAllowed =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>A Spectre console writing to <paramref name="writer"/> (a terminal): ANSI sequences on, colours as the
    /// terminal announces (COLORTERM, TERM) unless <see cref="ColourAllowed"/> is false, no CI detection (the caller
    /// decided it is a terminal).</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColourSystem(),
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        console.Profile.Width = Width();
        return console;
    }

    /// <summary>The terminal's width, or COLUMNS, or <see cref="FallbackWidth"/>.</summary>
    public static int Width()
    {
        try
        {
            if (Console.WindowWidth > 0) return Console.WindowWidth;
        }
        catch (IOException)
        {
            // No terminal size to read.
        }
        return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : FallbackWidth;
    }

    private static ColorSystemSupport ColourSystem()
    {
        if (!ColourAllowed) return ColorSystemSupport.NoColors;
        var colourTerm = Environment.GetEnvironmentVariable("COLORTERM") ?? "";
        if (colourTerm is "truecolor" or "24bit") return ColorSystemSupport.TrueColor;
        return (Environment.GetEnvironmentVariable("TERM") ?? "").Contains("256", StringComparison.Ordinal) ? ColorSystemSupport.EightBit : ColorSystemSupport.Standard;
    }
}

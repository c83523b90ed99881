using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Indra.Dashboard.Tests;

/// <summary>
/// Turns what a program wrote to a terminal into an HTML page that looks like it: the SGR sequences (ECMA-48 "select
/// graphic rendition": reset, bold, dim, italic, underline, the 16 standard colours, the 256-colour palette and 24-bit
/// colour, foreground and background) become styled spans; every other control sequence (cursor moves, hiding the
/// cursor, keypad modes, OSC hyperlinks) is dropped, and CR LF line ends become line breaks. Enough for a program that writes lines
/// top to bottom, as <c>indra heat</c> does.
/// </summary>
internal static partial class AnsiHtml
{
    /// <summary>xterm's default 16 colours: black, red, green, yellow, blue, magenta, cyan, white, then the bright ones.</summary>
    private static readonly string[] Standard =
    [
        "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
        "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
    ];

    /// <summary>A whole page: <paramref name="terminal"/>'s text in a monospace block (id <c>terminal</c>) on a dark background.</summary>
    public static string Page(string terminal, string title) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) + "</title><style>"
        + "body{margin:0;background:#1e1e1e}"
        + "#terminal{display:inline-block;margin:0;padding:14px 18px;background:#1e1e1e;color:#d4d4d4;"
        + "font:14px/1.3 'DejaVu Sans Mono','Liberation Mono',monospace;white-space:pre}"
        + "</style></head><body><pre id=\"terminal\">" + Body(terminal) + "</pre></body></html>";

    /// <summary>The spans of <paramref name="terminal"/>'s text, without the page around them.</summary>
    public static string Body(string terminal)
    {
        var text = Short().Replace(Osc().Replace(terminal, ""), "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        var html = new StringBuilder();
        var style = new Style();
        var open = false;
        var at = 0;
        foreach (Match sequence in Csi().Matches(text))
        {
            Append(html, text[at..sequence.Index], style, ref open);
            at = sequence.Index + sequence.Length;
            if (sequence.Groups[2].Value == "m") style = style.Apply(sequence.Groups[1].Value);
        }
        Append(html, text[at..], style, ref open);
        if (open) html.Append("</span>");
        return html.ToString().TrimEnd('\n');
    }

    private static void Append(StringBuilder html, string text, Style style, ref bool open)
    {
        if (text.Length == 0) return;
        if (open) html.Append("</span>");
        var css = style.Css();
        open = css.Length > 0;
        if (open) html.Append("<span style=\"").Append(css).Append("\">");
        html.Append(WebUtility.HtmlEncode(text));
    }

    /// <summary>The rendition in force: colours as CSS values (null: the default), and the attributes.</summary>
    private sealed record Style(string? Foreground = null, string? Background = null, bool Bold = false, bool Dim = false, bool Italic = false, bool Underline = false, bool Inverse = false)
    {
        public Style Apply(string parameters)
        {
            var codes = parameters.Length == 0 ? [0] : parameters.Split(';').Select(p => p.Length == 0 ? 0 : int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            var style = this;
            for (var i = 0; i < codes.Length; i++)
            {
                var code = codes[i];
                style = code switch
                {
                    0 => new Style(),
                    1 => style with { Bold = true },
                    2 => style with { Dim = true },
                    3 => style with { Italic = true },
                    4 => style with { Underline = true },
                    7 => style with { Inverse = true },
                    22 => style with { Bold = false, Dim = false },
                    23 => style with { Italic = false },
                    24 => style with { Underline = false },
                    27 => style with { Inverse = false },
                    >= 30 and <= 37 => style with { Foreground = Standard[code - 30] },
                    39 => style with { Foreground = null },
                    >= 40 and <= 47 => style with { Background = Standard[code - 40] },
                    49 => style with { Background = null },
                    >= 90 and <= 97 => style with { Foreground = Standard[code - 90 + 8] },
                    >= 100 and <= 107 => style with { Background = Standard[code - 100 + 8] },
                    38 or 48 => Extended(style, code == 38, codes, ref i),
                    _ => style,
                };
            }
            return style;
        }

        /// <summary>38/48;5;N (the 256-colour palette) or 38/48;2;R;G;B; <paramref name="i"/> is left on the last number used.</summary>
        private static Style Extended(Style style, bool foreground, int[] codes, ref int i)
        {
            string? colour = null;
            if (i + 2 < codes.Length && codes[i + 1] == 5)
            {
                colour = Palette(codes[i + 2]);
                i += 2;
            }
            else if (i + 4 < codes.Length && codes[i + 1] == 2)
            {
                colour = $"#{codes[i + 2]:x2}{codes[i + 3]:x2}{codes[i + 4]:x2}";
                i += 4;
            }
            if (colour is null) return style;
            return foreground ? style with { Foreground = colour } : style with { Background = colour };
        }

        /// <summary>Colour N of xterm's 256: the 16 standard, a 6×6×6 cube (levels 0, 95, 135, 175, 215, 255), 24 greys from 8 by 10.</summary>
        private static string Palette(int n)
        {
            if (n < 16) return Standard[Math.Max(0, n)];
            if (n >= 232)
            {
                var grey = 8 + (Math.Min(n, 255) - 232) * 10;
                return $"#{grey:x2}{grey:x2}{grey:x2}";
            }
            var cube = n - 16;
            static int Level(int v) => v == 0 ? 0 : 55 + v * 40;
            return $"#{Level(cube / 36):x2}{Level(cube / 6 % 6):x2}{Level(cube % 6):x2}";
        }

        public string Css()
        {
            var (foreground, background) = Inverse ? (Background ?? "#1e1e1e", Foreground ?? "#d4d4d4") : (Foreground, Background);
            var css = new StringBuilder();
            if (foreground is not null) css.Append("color:").Append(foreground).Append(';');
            if (background is not null) css.Append("background:").Append(background).Append(';');
            if (Bold) css.Append("font-weight:bold;");
            if (Dim) css.Append("opacity:.7;");
            if (Italic) css.Append("font-style:italic;");
            if (Underline) css.Append("text-decoration:underline;");
            return css.ToString();
        }
    }

    /// <summary>A control sequence: ESC [ parameters final-byte (CSI, ECMA-48 5.4).</summary>
    [GeneratedRegex(@"\x1b\[([0-9;?]*)([@-~])")]
    private static partial Regex Csi();

    /// <summary>A short escape: ESC and one final byte (keypad modes ESC = and ESC &gt;, save and restore ESC 7 and ESC 8), or a
    /// character set choice (ESC ( B).</summary>
    [GeneratedRegex(@"\x1b(?:[()*+][0-9A-Za-z]|[0-9=><A-Zc-z\\])")]
    private static partial Regex Short();

    /// <summary>An operating system command (OSC 8 hyperlinks, window titles), ended by BEL or ESC \.</summary>
    [GeneratedRegex(@"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")]
    private static partial Regex Osc();
}

using System.Globalization;

namespace Indra.Dashboard.Tests;

/// <summary>
/// A scrape in the Prometheus text format (version 0.0.4), parsed: each sample line <c>NAME{L="V",...} VALUE</c>
/// (comments and blank lines skipped; label values unescaped for \\, \" and \n). Written for these tests from the
/// format's description; a line it cannot read fails the test.
/// </summary>
internal sealed class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusText(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            _samples.Add(ParseLine(line));
        }
    }

    /// <summary>Every sample.</summary>
    public IReadOnlyList<(string Name, Dictionary<string, string> Labels, double Value)> Samples => _samples;

    /// <summary>The value of the one sample <paramref name="name"/> whose labels include <paramref name="labels"/>
    /// ("k=v" each); 0 when there is none (a labelled counter appears at its first increment).</summary>
    public double Value(string name, params string[] labels)
    {
        var matches = Matching(name, labels).ToList();
        Assert.That(matches, Has.Count.LessThanOrEqualTo(1), $"{name} {string.Join(",", labels)} names one sample");
        return matches.Count == 0 ? 0 : matches[0].Value;
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include <paramref name="labels"/> ("k=v" each).</summary>
    public IEnumerable<(string Name, Dictionary<string, string> Labels, double Value)> Matching(string name, params string[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l[..l.IndexOf('=')], out var v) && v == l[(l.IndexOf('=') + 1)..]));

    private static (string, Dictionary<string, string>, double) ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{');
        var space = line.IndexOf(' ');
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var key = line[i..equals];
                Assert.That(line[equals + 1], Is.EqualTo('"'), $"a quoted label value in: {line}");
                var value = new System.Text.StringBuilder();
                var j = equals + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                labels[key] = value.ToString();
                i = j + 1;
                if (line[i] == ',') i++;
            }
            rest = i + 1;
        }
        else
        {
            name = line[..space];
            rest = space;
        }
        var fields = line[rest..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (name, labels, Number(fields[0]));
    }

    /// <summary>A sample value or a bucket bound: a float, +Inf, -Inf or NaN.</summary>
    public static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}

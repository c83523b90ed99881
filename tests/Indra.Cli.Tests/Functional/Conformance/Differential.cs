using System.Text;

namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>One call whose result inside the mount differs from its result in a native directory.</summary>
internal sealed record Disagreement(string Script, int Line, string Call, string Native, string Mount)
{
    /// <summary>The call's name and both results: disagreements with one key share a cause, most likely.</summary>
    public string Key => $"{Call.Split(' ')[0]}: native {Shape(Native)} / mount {Shape(Mount)}";

    private static string Shape(string result) => result.StartsWith("-1 ", StringComparison.Ordinal) ? result : result.Split(' ')[0] == "0" && result.Length > 1 ? "0 (fields differ)" : "0";
}

/// <summary>Pairs the native and the mount results of a script line by line and reports every difference.</summary>
internal static class Differential
{
    private const string NoResult = "(no result)";

    public static IEnumerable<Disagreement> Compare(Script script, IReadOnlyList<string> native, IReadOnlyList<string> mount)
    {
        for (int i = 0; i < script.Lines.Count; i++)
        {
            string expected = i < native.Count ? native[i] : NoResult;
            string actual = i < mount.Count ? mount[i] : NoResult;
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                yield return new Disagreement(script.Name, i + 1, Abbreviate(script.Lines[i]), Abbreviate(expected), Abbreviate(actual));
            }
        }
    }

    /// <summary>
    /// A failure message a reader takes in at once: the groups of disagreements (call and result shapes) with a count and
    /// a representative, then every disagreeing call with both results.
    /// </summary>
    public static string Report(string group, int compared, IReadOnlyList<Disagreement> disagreements)
    {
        var text = new StringBuilder();
        text.AppendLine($"{group}: {disagreements.Count} of {compared} calls disagree with the native file system.");
        text.AppendLine("By kind (count, representative call):");
        foreach (var kind in disagreements.GroupBy(d => d.Key).OrderByDescending(g => g.Count()))
        {
            Disagreement first = kind.First();
            text.AppendLine($"  {kind.Count(),5}  {kind.Key}    e.g. {first.Script}:{first.Line} {first.Call} -> native [{first.Native}] mount [{first.Mount}]");
        }
        text.AppendLine("Every disagreeing call (script:line call / native / mount):");
        foreach (Disagreement d in disagreements)
        {
            text.AppendLine($"  {d.Script}:{d.Line} {d.Call}");
            text.AppendLine($"      native: {d.Native}");
            text.AppendLine($"      mount:  {d.Mount}");
        }
        return text.ToString();
    }

    /// <summary>Shortens the long names and paths of the ENAMETOOLONG cases to their first characters and length.</summary>
    private static string Abbreviate(string line) =>
        string.Join(' ', line.Split(' ').Select(token => token.Length <= 48 ? token : $"{token[..12]}…({token.Length} bytes)"));
}

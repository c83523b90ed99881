using System.Text;

namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// One call whose result inside the mount differs from its result in a native directory. <see cref="FollowsEarlier"/>:
/// the call names a path (or descriptor slot) that an earlier disagreeing call of the script was creating or changing,
/// so it most likely shares that call's cause.
/// </summary>
internal sealed record Disagreement(string Script, int Line, string Call, string Native, string Mount, bool FollowsEarlier)
{
    /// <summary>The call's name and both outcomes: disagreements with one key share a cause, most likely.</summary>
    public string Key => IsError(Native) || IsError(Mount)
        ? $"{Call.Split(' ')[0]}: native {Outcome(Native)} / mount {Outcome(Mount)}"
        : $"{Call.Split(' ')[0]}: both succeed, values differ";

    private static bool IsError(string result) => result.StartsWith("-1 ", StringComparison.Ordinal) || !char.IsAsciiDigit(result[0]) && result != "fd";

    private static string Outcome(string result) => IsError(result) ? result : "succeeds";
}

/// <summary>Pairs the native and the mount results of a script line by line and reports every difference.</summary>
internal static class Differential
{
    private const string NoResult = "(no result)";

    /// <summary>Argument positions that name a path the call creates or changes.</summary>
    private static readonly Dictionary<string, int[]> ChangedPaths = new(StringComparer.Ordinal)
    {
        ["open"] = [2], ["mkdir"] = [1], ["rmdir"] = [1], ["unlink"] = [1], ["mknod"] = [1], ["mkfifo"] = [1], ["bind"] = [1],
        ["symlink"] = [2], ["link"] = [2], ["rename"] = [1, 2], ["chmod"] = [1], ["chown"] = [1], ["lchown"] = [1],
        ["truncate"] = [1], ["utimens"] = [1],
    };

    /// <summary>Calls whose first argument is a descriptor slot.</summary>
    private static readonly HashSet<string> SlotCalls = new(StringComparer.Ordinal) { "close", "write", "read", "fstat", "fchmod", "fchown", "ftruncate" };

    public static IEnumerable<Disagreement> Compare(Script script, IReadOnlyList<string> native, IReadOnlyList<string> mount)
    {
        var changedPaths = new HashSet<string>(StringComparer.Ordinal);
        var changedSlots = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < script.Lines.Count; i++)
        {
            string expected = i < native.Count ? native[i] : NoResult;
            string actual = i < mount.Count ? mount[i] : NoResult;
            if (string.Equals(expected, actual, StringComparison.Ordinal)) continue;
            string[] call = script.Lines[i].Split(' ');
            bool follows = call.Skip(1).Any(argument => changedPaths.Any(path => Related(call[0], argument, path)))
                || (SlotCalls.Contains(call[0]) && changedSlots.Contains(call[1]));
            yield return new Disagreement(script.Name, i + 1, Abbreviate(script.Lines[i]), Abbreviate(expected), Abbreviate(actual), follows);
            if (ChangedPaths.TryGetValue(call[0], out int[]? positions))
            {
                foreach (int position in positions.Where(p => p < call.Length)) changedPaths.Add(call[position]);
            }
            if (call[0] == "open") changedSlots.Add(call[1]);
        }
    }

    /// <summary>The argument is the changed path or lies under it (or beside it, as a symlink's <c>PATH.t</c>), or a listing holds it.</summary>
    private static bool Related(string call, string argument, string path) =>
        argument == path || argument.StartsWith(path + "/", StringComparison.Ordinal) || argument.StartsWith(path + ".", StringComparison.Ordinal)
        || (call == "list" && path.StartsWith(argument.TrimEnd('/') + "/", StringComparison.Ordinal));

    /// <summary>
    /// A failure message a reader takes in at once: the disagreements that start a chain grouped by call and result shapes
    /// (count and a representative), how many follow from them, then every disagreeing call with both results.
    /// </summary>
    public static string Report(string group, int compared, IReadOnlyList<Disagreement> disagreements)
    {
        var text = new StringBuilder();
        int following = disagreements.Count(d => d.FollowsEarlier);
        text.AppendLine($"{group}: {disagreements.Count} of {compared} calls disagree with the native file system "
            + $"({disagreements.Count - following} first in their chain, {following} on a path or descriptor an earlier disagreeing call made or changed).");
        text.AppendLine("First disagreements by call and results (count, representative):");
        foreach (var kind in disagreements.Where(d => !d.FollowsEarlier).GroupBy(d => d.Key).OrderByDescending(g => g.Count()))
        {
            Disagreement first = kind.First();
            text.AppendLine($"  {kind.Count(),5}  {kind.Key}    e.g. {first.Script}:{first.Line} {first.Call} -> native [{first.Native}] mount [{first.Mount}]");
        }
        text.AppendLine("Every disagreeing call (script:line call / native / mount; '+' follows an earlier disagreement):");
        foreach (Disagreement d in disagreements)
        {
            text.AppendLine($"  {(d.FollowsEarlier ? '+' : ' ')}{d.Script}:{d.Line} {d.Call}");
            text.AppendLine($"      native: {d.Native}");
            text.AppendLine($"      mount:  {d.Mount}");
        }
        return text.ToString();
    }

    /// <summary>Shortens the long names and paths of the ENAMETOOLONG cases to their first characters and length.</summary>
    private static string Abbreviate(string line) =>
        string.Join(' ', line.Split(' ').Select(token => token.Length <= 48 ? token : $"{token[..12]}…({token.Length} bytes)"));
}

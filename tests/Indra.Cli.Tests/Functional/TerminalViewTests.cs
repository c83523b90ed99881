using System.Text.Json;
using System.Text.RegularExpressions;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// The terminal views against a real mounted vault with known attention under ranked/ (a/hot.md opened five times after
/// it was written, a/cold.md once, b/x.txt only written; the live views open files under live/): <c>indra heat</c>, <c>indra top</c> and <c>indra status</c> on a pseudo-terminal
/// (<see cref="Pty"/>: colour, bars, a live refresh, <c>q</c>) and piped (plain lines, no escape sequences), and their
/// <c>--json</c> documents checked against docs/json-output.md (<see cref="DocumentedShape"/>).
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed partial class TerminalViewTests
{
    private MountedVault _mounted = null!;

    private string Ranked => Path.Combine(_mounted.Vault, "ranked");

    private string Live => Path.Combine(_mounted.Vault, "live");

    [OneTimeSetUp]
    public void MountWithKnownAttention()
    {
        _mounted = new MountedVault();
        Directory.CreateDirectory(Path.Combine(Ranked, "a"));
        Directory.CreateDirectory(Path.Combine(Ranked, "b"));
        Directory.CreateDirectory(Live);
        File.WriteAllText(Path.Combine(Ranked, "a", "hot.md"), "hot notes");
        File.WriteAllText(Path.Combine(Ranked, "a", "cold.md"), "cold");
        File.WriteAllText(Path.Combine(Ranked, "b", "x.txt"), "x");
        for (var i = 0; i < 5; i++) File.ReadAllText(Path.Combine(Ranked, "a", "hot.md"));
        File.ReadAllText(Path.Combine(Ranked, "a", "cold.md"));
        Eventually.WaitFor(() => Opens(HeatJson("ranked"), "ranked/a/hot.md") >= 6 && Opens(HeatJson("ranked"), "ranked/a/cold.md") >= 2, "the opens counted in the heat ranking");
    }

    [OneTimeTearDown]
    public void Unmount() => _mounted.Dispose();

    [Test]
    public void HeatOnATerminalIsAColouredBarChartRankingTheHottestFirst()
    {
        var (exit, output) = Pty.Run(null, "heat", "ranked", "--vault", _mounted.VaultDirectory);
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Match(Colour().ToString()), "colour escape sequences on a terminal");
        var lines = Plain(output).Split('\n');
        var hot = Array.FindIndex(lines, l => l.Contains("ranked/a/hot.md", StringComparison.Ordinal));
        var cold = Array.FindIndex(lines, l => l.Contains("ranked/a/cold.md", StringComparison.Ordinal));
        Assert.That(hot, Is.GreaterThanOrEqualTo(0).And.LessThan(cold), "hot.md is ranked above cold.md:\n" + Plain(output));
        Assert.That(Bar(lines[hot]), Is.GreaterThan(Bar(lines[cold])).And.EqualTo(24), "the hottest file's bar is full, the colder one's shorter");
        Assert.That(Bar(lines[cold]), Is.GreaterThan(0));
        Assert.That(lines, Has.Some.Contains("ranked/a/ (2 files)"), "the folder with its attended files");
        Assert.That(lines, Has.Some.Contains("hottest folders"));
    }

    [Test]
    public void HeatPipedIsPlainRankedLinesWithoutEscapes()
    {
        var output = IndraCli.Run("heat", "ranked", "--vault", _mounted.VaultDirectory).Ok().Stdout;
        Assert.That(output, Does.Not.Contain("\u001b"), "no escape sequence when piped");
        var lines = output.Split('\n');
        Assert.That(lines, Has.Some.Match(@"^\s+1\s+#{24}\s+\d\.\d\d\s+\d+ opens\s+.*ranked/a/hot\.md$"), output);
        Assert.That(lines, Has.Some.Match(@"^\s+2\s+#+\s+.*ranked/a/cold\.md$"), output);
        Assert.That(lines, Has.Some.Match(@"^\s+1\s+#{24}\s+.*ranked/a/ \(2 files\)$"), "folders ranked by the sum of their files' heat");
    }

    [Test]
    public void NoColourOnATerminalKeepsTheBarsAndDropsTheColours()
    {
        var (exit, output) = Pty.Run(new Dictionary<string, string> { ["NO_COLOR"] = "1" }, "heat", "ranked", "--vault", _mounted.VaultDirectory);
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("█").And.Contain("ranked/a/hot.md"));
        Assert.That(Colour().IsMatch(output), Is.False, "NO_COLOR: no colour sequence");
    }

    [Test]
    public void HeatJsonMatchesItsDocumentedShapeAndSumsFolders()
    {
        using var heat = HeatJson("ranked", "--top", "100");
        var root = heat.RootElement;
        DocumentedShape.Of("heat").Check(root, "indra heat --json");
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.That(files[0].GetProperty("path").GetString(), Is.EqualTo("ranked/a/hot.md"));
        Assert.That(files.Select(f => f.GetProperty("heat").GetDouble()), Is.Ordered.Descending);
        var folder = root.GetProperty("folders").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "ranked/a");
        var inFolder = files.Where(f => f.GetProperty("path").GetString()!.StartsWith("ranked/a/", StringComparison.Ordinal)).ToList();
        Assert.That(folder.GetProperty("heat").GetDouble(), Is.EqualTo(inFolder.Sum(f => f.GetProperty("heat").GetDouble())).Within(1e-9), "folder heat is the sum of its files' heat");
        Assert.That(folder.GetProperty("files").GetInt32(), Is.EqualTo(2));
        Assert.That(folder.GetProperty("opens").GetInt64(), Is.EqualTo(inFolder.Sum(f => f.GetProperty("opens").GetInt64())));
        Assert.That(folder.GetProperty("attended_bytes").GetInt64(), Is.EqualTo("hot notes".Length + "cold".Length));
        Assert.That(root.GetProperty("total_heat").GetDouble(), Is.EqualTo(files.Sum(f => f.GetProperty("heat").GetDouble())).Within(1e-9));
        Assert.That(root.GetProperty("since").ValueKind, Is.EqualTo(JsonValueKind.Null));

        using var under = HeatJson("ranked/a");
        Assert.That(under.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()), Is.EqualTo(new[] { "ranked/a/hot.md", "ranked/a/cold.md" }));
        Assert.That(under.RootElement.GetProperty("folders").GetArrayLength(), Is.Zero, "no folder below ranked/a");

        using var future = HeatJson("ranked", "--since", DateTime.UtcNow.AddHours(1).ToString("O"));
        Assert.That(future.RootElement.GetProperty("attended_files").GetInt32(), Is.Zero, "nothing was attended after a time to come");
        DocumentedShape.Of("heat").Check(future.RootElement, "indra heat --since --json");
        using var week = HeatJson("ranked", "--since", "7d");
        Assert.That(week.RootElement.GetProperty("attended_files").GetInt32(), Is.EqualTo(root.GetProperty("attended_files").GetInt32()));
    }

    [Test]
    public void TopOnATerminalShowsAnOpenWhileItRunsAndQuitsOnQ()
    {
        using var pty = Pty.Start(null, "top", "--vault", _mounted.VaultDirectory, "--interval", "0.3");
        Eventually.WaitFor(() => pty.Output.Contains("opens/s", StringComparison.Ordinal), "the live view's first frame", TimeSpan.FromSeconds(60));
        var live = Path.Combine(Live, "terminal.txt");
        File.WriteAllText(live, "live");
        Eventually.WaitFor(() =>
        {
            File.ReadAllText(live);
            return Plain(pty.Output).Contains("live/terminal.txt", StringComparison.Ordinal);
        }, "the open shown by the live view");
        Assert.That(Plain(pty.Output), Does.Contain("open").And.Contain("hottest now"));
        Assert.That(pty.Output, Does.Match(Colour().ToString()));
        pty.Type("q");
        Assert.That(pty.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, "q ends the view");
    }

    [Test]
    public void TopPipedPrintsOneLineARefreshAndJsonLinesMatchTheirShape()
    {
        var plain = WhileOpening("piped.txt", "top", "--vault", _mounted.VaultDirectory, "--interval", "0.4", "--iterations", "5");
        Assert.That(plain, Does.Not.Contain("\u001b"));
        var lines = plain.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(lines, Has.All.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ opens=\d+ opens/s=\d+\.\d\d events=\d+ hottest=\S+ peers=\S+$"));
        Assert.That(lines, Has.Some.Contains("live/piped.txt:"), plain);

        var json = WhileOpening("json.txt", "top", "--vault", _mounted.VaultDirectory, "--interval", "0.4", "--iterations", "5", "--json");
        var shape = DocumentedShape.Of("top");
        var documents = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).ToList();
        Assert.That(documents, Has.Count.EqualTo(5));
        foreach (var document in documents) shape.Check(document.RootElement, "indra top --json");
        Assert.That(documents.Sum(d => d.RootElement.GetProperty("opens").GetInt32()), Is.GreaterThan(0));
        Assert.That(documents.SelectMany(d => d.RootElement.GetProperty("recent").EnumerateArray()).Select(e => e.GetProperty("path").GetString()),
            Has.Some.EqualTo("live/json.txt"));
        foreach (var document in documents) document.Dispose();
    }

    [Test]
    public void StatusIsColouredOnATerminalPlainWhenPipedAndItsJsonMatchesItsShape()
    {
        var (exit, output) = Pty.Run(null, "status", "--vault", _mounted.VaultDirectory);
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Match(Colour().ToString()));
        Assert.That(Plain(output), Does.Contain($"Mounted: {_mounted.MountPoint}").And.Contain("Sharing:"));

        var piped = IndraCli.Run("status", "--vault", _mounted.VaultDirectory).Ok().Stdout;
        Assert.That(piped, Does.Not.Contain("\u001b"));
        Assert.That(piped, Does.Contain($"Mounted: {_mounted.MountPoint}").And.Contain("Hot artifacts: vault/"));

        using var json = JsonDocument.Parse(IndraCli.Run("status", "--vault", _mounted.VaultDirectory, "--json").Ok().Stdout);
        DocumentedShape.Of("status").Check(json.RootElement, "indra status --json");
        Assert.That(json.RootElement.GetProperty("mounted").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("mount_point").GetString(), Is.EqualTo(_mounted.MountPoint));
        Assert.That(json.RootElement.GetProperty("hottest").EnumerateArray().Select(h => h.GetProperty("path").GetString()), Has.Some.StartsWith("vault/"));
        Assert.That(json.RootElement.GetProperty("attention_last_hour").GetInt64(), Is.GreaterThanOrEqualTo(7));
    }

    /// <summary>Runs indra (piped) while opening live/<paramref name="name"/> through the mount every 100 ms.</summary>
    private string WhileOpening(string name, params string[] arguments)
    {
        var file = Path.Combine(Live, name);
        File.WriteAllText(file, name);
        var run = Task.Run(() => IndraCli.Run(arguments));
        while (!run.Wait(TimeSpan.FromMilliseconds(100))) File.ReadAllText(file);
        return run.Result.Ok().Stdout;
    }

    private JsonDocument HeatJson(string path, params string[] arguments) =>
        JsonDocument.Parse(IndraCli.Run(["heat", path, "--vault", _mounted.VaultDirectory, "--json", .. arguments]).Ok().Stdout);

    private static int Opens(JsonDocument heat, string path)
    {
        using (heat)
        {
            return heat.RootElement.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("path").GetString() == path).Select(f => f.GetProperty("opens").GetInt32()).FirstOrDefault();
        }
    }

    private static int Bar(string line) => line.Count(c => c == '█');

    /// <summary><paramref name="output"/> without escape sequences and carriage returns.</summary>
    private static string Plain(string output) => Escape().Replace(output, "").Replace("\r", "", StringComparison.Ordinal);

    /// <summary>A colour sequence (SGR with a foreground colour: 30-37, 90-97, 38;5;N or 38;2;R;G;B).</summary>
    [GeneratedRegex(@"\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m")]
    private static partial Regex Colour();

    [GeneratedRegex(@"\u001b(?:\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex Escape();
}

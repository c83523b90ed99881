using System.Text.Json;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>Opens become attention events in order; heat ranks the file opened most above one opened once.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AttentionTests
{
    [Test]
    public void OpensAreLoggedInOrderAndHeatRanksByAttention()
    {
        using var mounted = new MountedVault();
        var notes = Path.Combine(mounted.Vault, "notes");
        Directory.CreateDirectory(notes);
        var often = Path.Combine(notes, "ideas.md");
        var once = Path.Combine(notes, "old-draft.md");
        File.WriteAllText(often, "ideas");
        File.WriteAllText(once, "draft");

        Assert.That(Directory.GetFiles(notes), Has.Length.EqualTo(2));
        File.ReadAllText(once);
        for (var i = 0; i < 5; i++) File.ReadAllText(often);

        // close() returns after FLUSH; the kernel sends RELEASE (navigate_back) asynchronously, so wait for the last one.
        List<(string? Kind, string? Path)> events = [];
        Eventually.WaitFor(
            () =>
            {
                events = File.ReadAllLines(Path.Combine(mounted.Meta, "attention.log"))
                    .Select(line => JsonDocument.Parse(line).RootElement)
                    .Select(e => (Kind: e.GetProperty("kind").GetString(), Path: e.GetProperty("path").GetString()))
                    .ToList();
                return events.Count(e => e.Kind == "navigate_back" && e.Path == "vault/notes/ideas.md") >= 5;
            },
            "the fifth navigate_back of ideas.md",
            TimeSpan.FromSeconds(20));
        var opens = events.Where(e => e.Kind == "navigate_to" && e.Path!.EndsWith(".md", StringComparison.Ordinal)).Select(e => e.Path).ToList();
        Assert.That(opens.TakeLast(6), Is.EqualTo(new[] { "vault/notes/old-draft.md" }.Concat(Enumerable.Repeat("vault/notes/ideas.md", 5))));
        var backs = events.Count(e => e.Kind == "navigate_back" && e.Path == "vault/notes/ideas.md");
        Assert.That(backs, Is.GreaterThanOrEqualTo(5), "every close is a navigate_back");
        Assert.That(events, Has.Some.EqualTo(("navigate_to", "vault/notes")), "a listing is attention to the directory");

        using var heat = JsonDocument.Parse(File.ReadAllText(Path.Combine(mounted.Meta, "heat.json")));
        var hot = heat.RootElement.GetProperty("vault/notes/ideas.md").GetProperty("heat").GetDouble();
        var cold = heat.RootElement.GetProperty("vault/notes/old-draft.md").GetProperty("heat").GetDouble();
        Assert.That(hot, Is.GreaterThan(cold));
        Assert.That(heat.RootElement.EnumerateObject().Select(p => p.Name).ToList().IndexOf("vault/notes/ideas.md"),
            Is.LessThan(heat.RootElement.EnumerateObject().Select(p => p.Name).ToList().IndexOf("vault/notes/old-draft.md")), "hottest first");

        var status = IndraCli.Run("status", "--vault", mounted.VaultDirectory).Ok().Stdout;
        Assert.That(status, Does.Contain($"Mounted: {mounted.MountPoint}"));
        Assert.That(status, Does.Match(@"Attention events \(last hour\): [1-9]"));
        Assert.That(status, Does.Contain("Hot artifacts: vault/notes/ideas.md"));
    }
}

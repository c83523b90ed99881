using System.Text;
using Indra.Control;
using Indra.Control.Model;
using Indra.Control.Service;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// The control operations behind <c>indra heat</c> and <c>indra top</c>, run the same way against a vault a daemon
/// serves and against an unmounted one (in process): the heat ranking (files by heat, folders by the sum of their
/// files' heat, PATH, the since-window, errors) and the attention feed (a first request only learns the cursor; then
/// the events after it, oldest first; a page smaller than what came is the newest events with a gap). Both must answer
/// the same.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HeatRankingControlTests
{
    [Test]
    public async Task RankingAndFeed_AnswerTheSameMountedAndUnmounted()
    {
        using var mounted = new DaemonVault(DaemonTrio.Root, "heat-mounted-" + Guid.NewGuid().ToString("N")[..6]);
        using var unmounted = new DaemonVault(DaemonTrio.Root, "heat-unmounted-" + Guid.NewGuid().ToString("N")[..6], mount: false);
        await using var daemon = await VaultControl.ConnectAsync(mounted.VaultDirectory);
        await using var local = await VaultControl.ConnectAsync(unmounted.VaultDirectory);
        Assert.That(daemon, Is.InstanceOf<DaemonVaultControl>());
        Assert.That(local, Is.InstanceOf<InProcessVaultControl>());
        var onDaemon = await RunAsync(daemon);
        var inProcess = await RunAsync(local);
        Assert.That(onDaemon, Is.EqualTo(inProcess));
        await daemon.UnmountAsync();
    }

    /// <summary>The same requests against <paramref name="control"/>, each checked; one normalized line per answer.</summary>
    private static async Task<List<string>> RunAsync(IVaultControl control)
    {
        var lines = new List<string>();
        await control.MakeDirectoryAsync("r");
        await control.MakeDirectoryAsync("r/a");
        await control.MakeDirectoryAsync("r/b");
        foreach (var (path, text) in new[] { ("r/a/hot.txt", "hot!"), ("r/a/cold.txt", "cold"), ("r/b/x.txt", "x") })
        {
            await control.WriteAsync(path, new MemoryStream(Encoding.UTF8.GetBytes(text)), WriteMode.Replace);
        }

        var first = await control.GetAttentionFeedAsync(null, 10, null);
        Assert.That(first.Events, Is.Empty, "a first request only learns the cursor");
        Assert.That(first.Cursor, Is.GreaterThan(0), "the writes were attention");
        for (var i = 0; i < 4; i++) await control.ReadAsync("r/a/hot.txt", 0, 100);
        await control.ReadAsync("r/a/cold.txt", 0, 100);

        var feed = await control.GetAttentionFeedAsync(first.Cursor, 100, null);
        Assert.That(feed.Gap, Is.False);
        Assert.That(feed.Cursor, Is.GreaterThan(first.Cursor));
        Assert.That(feed.Events.Select(e => e.At), Is.Ordered, "oldest first");
        var opened = feed.Events.Where(e => e.Kind == Engine.Attention.AttentionKind.NavigateTo).Select(e => e.Path).ToList();
        Assert.That(opened.Count(p => p == "r/a/hot.txt"), Is.EqualTo(4));
        Assert.That(opened.Count(p => p == "r/a/cold.txt"), Is.EqualTo(1));
        lines.Add("feed " + string.Join(",", feed.Events.Select(e => e.Kind + ":" + e.Path)));

        var page = await control.GetAttentionFeedAsync(first.Cursor, 2, null);
        Assert.That(page.Gap, Is.True, "more came than the page holds");
        Assert.That(page.Events, Is.EqualTo(feed.Events.TakeLast(2)), "the page is the newest events");
        Assert.That(page.Cursor, Is.EqualTo(feed.Cursor));
        var none = await control.GetAttentionFeedAsync(feed.Cursor, 100, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.That(none.Events, Is.Empty);
        Assert.That(none.Cursor, Is.EqualTo(feed.Cursor));
        Assert.That(none.Peers, Is.Empty, "no peer looked");
        lines.Add($"page {page.Events.Count} gap {page.Gap}; after the newest {none.Events.Count}");

        var ranking = await control.GetHeatRankingAsync("r", 10, null);
        Assert.That(ranking.Files.Select(f => f.Path), Is.EqualTo(new[] { "r/a/hot.txt", "r/a/cold.txt", "r/b/x.txt" }));
        Assert.That(ranking.Folders.Select(f => f.Path), Is.EqualTo(new[] { "r/a", "r/b" }), "folders strictly below r, hottest first");
        var a = ranking.Folders[0];
        Assert.That(a.Heat, Is.EqualTo(ranking.Files[0].Heat + ranking.Files[1].Heat).Within(1e-12));
        Assert.That(a.Files, Is.EqualTo(2));
        Assert.That(a.Opens, Is.EqualTo(ranking.Files[0].Opens + ranking.Files[1].Opens));
        Assert.That(a.AttendedBytes, Is.EqualTo(8));
        Assert.That(a.LastAccess, Is.EqualTo(new[] { ranking.Files[0].LastAccess, ranking.Files[1].LastAccess }.Max()));
        Assert.That(ranking.TotalHeat, Is.EqualTo(ranking.Files.Sum(f => f.Heat)).Within(1e-12));
        Assert.That(ranking.Attended, Is.EqualTo(3));
        Assert.That(ranking.Complete, Is.True);
        lines.Add("ranking " + string.Join(",", ranking.Files.Select(f => $"{f.Path}:{f.Opens}:{f.Size}")) + " | "
            + string.Join(",", ranking.Folders.Select(f => $"{f.Path}:{f.Files}:{f.Opens}:{f.AttendedBytes}")));

        var top1 = await control.GetHeatRankingAsync("r", 1, null);
        Assert.That(top1.Files.Select(f => f.Path), Is.EqualTo(new[] { "r/a/hot.txt" }));
        Assert.That(top1.Attended, Is.EqualTo(3), "counted before the cut");
        var later = await control.GetHeatRankingAsync("r", 10, DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.That(later.Files, Is.Empty);
        Assert.That(later.Folders, Is.Empty);
        Assert.That(later.Since, Is.Not.Null);
        var recent = await control.GetHeatRankingAsync("r/a", 10, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.That(recent.Files.Select(f => f.Path), Is.EqualTo(new[] { "r/a/hot.txt", "r/a/cold.txt" }));
        Assert.That(recent.Folders, Is.Empty, "no folder below r/a");

        lines.Add("file " + await Kind(() => control.GetHeatRankingAsync("r/a/hot.txt", 10, null)));
        lines.Add("missing " + await Kind(() => control.GetHeatRankingAsync("nowhere", 10, null)));
        lines.Add("shared " + await Kind(() => control.GetHeatRankingAsync("peers/x", 10, null)));
        lines.Add("top " + await Kind(() => control.GetHeatRankingAsync("r", ControlLimits.MaxListItems + 1, null)));
        lines.Add("cursor " + await Kind(() => control.GetAttentionFeedAsync(-1, 10, null)));
        Assert.That(lines.TakeLast(5), Is.EqualTo(new[] { "file InvalidArgument", "missing NotFound", "shared InvalidArgument", "top InvalidArgument", "cursor InvalidArgument" }));
        return lines;
    }

    private static async Task<ControlErrorKind?> Kind<T>(Func<Task<T>> request)
    {
        try
        {
            await request();
            return null;
        }
        catch (VaultControlException e)
        {
            return e.Kind;
        }
    }
}

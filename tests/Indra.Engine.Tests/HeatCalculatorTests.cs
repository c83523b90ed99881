using Indra.Engine.Attention;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Tests;

public sealed class HeatCalculatorTests
{
    private static readonly PlayerId Player = new(Blake3.Hash("player"u8));
    private const long Now = 1_000_000_000_000_000_000;
    private const long Day = 86_400L * 1_000_000_000;

    private static AttentionEvent Open(long inode, long at, string path) => new(at, AttentionKind.NavigateTo, Player, inode, default, default, path, 0);

    [Test]
    public void MoreOpensMeanMoreHeatAndHeatStaysInUnitRange()
    {
        var events = Enumerable.Range(0, 5).Select(_ => Open(1, Now, "a")).Append(Open(2, Now, "b")).ToList();
        var heat = HeatCalculator.Compute(events, Now);
        Assert.That(heat[0].Path, Is.EqualTo("a"));
        Assert.That(heat[0].Heat, Is.GreaterThan(heat[1].Heat));
        Assert.That(heat.Select(h => h.Heat), Has.All.InRange(0.0, 1.0));
        Assert.That(HeatCalculator.HeatOf(1), Is.EqualTo(1 - Math.Pow(2, -0.25)).Within(1e-12));
    }

    [Test]
    public void AttentionDecaysWithAHalfLifeOfADay()
    {
        var fresh = HeatCalculator.Compute([Open(1, Now, "a")], Now)[0].Heat;
        var old = HeatCalculator.Compute([Open(1, Now - Day, "a")], Now)[0].Heat;
        Assert.That(old, Is.EqualTo(HeatCalculator.HeatOf(0.5)).Within(1e-9));
        Assert.That(old, Is.LessThan(fresh));
    }

    [Test]
    public void DwellAddsUpFromNavigateBack()
    {
        var events = new[] { Open(1, Now, "a"), new AttentionEvent(Now, AttentionKind.NavigateBack, Player, 1, default, default, "a", 1500), new AttentionEvent(Now, AttentionKind.NavigateBack, Player, 1, default, default, "a", 500) };
        var heat = HeatCalculator.Compute(events, Now).Single();
        Assert.That(heat.DwellMs, Is.EqualTo(2000));
        Assert.That(heat.UniquePeers, Is.EqualTo(1));
        Assert.That(heat.Opens, Is.EqualTo(1));
    }

    [Test]
    public void TheStoreSumsUpHeatAsTheCalculatorDoes()
    {
        var random = new Random(7);
        var players = new[] { Player, new PlayerId(Blake3.Hash("other"u8)), new PlayerId(Blake3.Hash("third"u8)) };
        var events = Enumerable.Range(0, 2000).Select(i =>
        {
            var inode = random.Next(6, 60);
            var kind = random.Next(3) == 0 ? 1 : 0;
            var at = Now - (long)(random.NextDouble() * 5 * Day);
            return new AttentionEvent(at, (AttentionKind)kind, players[random.Next(players.Length)], inode, default, default, $"vault/{inode}/{i}", kind == 1 ? random.Next(1000) : 0);
        }).ToList();
        using var store = MetadataStore.OpenInMemory();
        using var recorder = new AttentionRecorder(store);
        store.AppendAttention(events[..1500].ConvertAll(e => e.ToRecord()), HeatCalculator.HalfLifeNs);
        foreach (var e in events[1500..]) recorder.Record(e);

        var expected = HeatCalculator.Compute(events, Now);
        var hottest = recorder.HottestNodes(Now, 10);
        Assert.That(hottest, Has.Count.EqualTo(10));
        for (var i = 0; i < hottest.Count; i++)
        {
            var want = expected[i];
            var got = hottest[i];
            Assert.That(got.Inode, Is.EqualTo(want.Inode));
            Assert.That(got.Heat, Is.EqualTo(want.Heat).Within(1e-9));
            Assert.That((got.UniquePeers, got.DwellMs, got.Opens), Is.EqualTo((want.UniquePeers, want.DwellMs, want.Opens)));
            Assert.That(got.Path, Is.EqualTo(want.Path), "the path of the node's newest event");
            Assert.That(recorder.HeatOf(got.Inode, Now), Is.EqualTo(want.Heat).Within(1e-9));
        }
        Assert.That(recorder.HeatOf(1, Now), Is.Zero, "no attention");
    }
}

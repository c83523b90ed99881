using Indra.Engine.Attention;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Indra.Engine.Tests;

/// <summary>
/// <see cref="AttentionEvent"/>s through a vault's <see cref="AttentionRecorder"/>: recorded, stored and read back with
/// their typed ids, and heat read as <see cref="HeatEntry"/>s; with a fake clock.
/// </summary>
public sealed class AttentionEventTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);
    private static readonly PlayerId Alice = new(Blake3.Hash("alice"u8));
    private static readonly PlayerId Bob = new(Blake3.Hash("bob"u8));
    private static readonly ArtifactId Note = new(Blake3.Hash("note v1"u8));
    private static readonly ArtifactId Docs = new(Blake3.Hash("docs tree"u8));

    private static Vault OpenVault(FakeTimeProvider clock) =>
        Vault.CreateInMemory(services: new VaultServices(clock, NullLoggerFactory.Instance));

    [Test]
    public void EventsComeBackWithTheirTypedFieldsAndIncreasingIds()
    {
        var clock = new FakeTimeProvider(Start);
        using var vault = OpenVault(clock);
        var at = vault.ClockNs();
        var to = new AttentionEvent(at, AttentionKind.NavigateTo, Alice, 40, Note, Docs, "vault/docs/note.md", 0);
        var back = new AttentionEvent(at + 5_000_000, AttentionKind.NavigateBack, Bob, 40, Docs, Note, "vault/docs/note.md", 5);
        vault.Attention.Record(to);
        vault.Attention.Record(back);

        var recent = vault.Attention.RecentEvents(10);
        Assert.That(recent, Has.Count.EqualTo(2));
        Assert.That(recent[0] with { Id = 0 }, Is.EqualTo(to), "oldest first, every field as recorded");
        Assert.That(recent[1] with { Id = 0 }, Is.EqualTo(back));
        Assert.That(recent[0].Id, Is.GreaterThan(0), "stored events have ids");
        Assert.That(recent[1].Id, Is.GreaterThan(recent[0].Id));
        Assert.That(vault.Attention.EventsSince(at + 1), Is.EqualTo(new[] { recent[1] }));
    }

    [Test]
    public void VisitingGoesNewestFirstAndStopsWhenAsked()
    {
        var clock = new FakeTimeProvider(Start);
        using var vault = OpenVault(clock);
        for (var i = 0; i < 5; i++)
        {
            vault.Attention.Record(new AttentionEvent(vault.ClockNs(), AttentionKind.NavigateTo, Alice, 10 + i, Note, Docs, $"vault/f{i}", 0));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var seen = new List<long>();
        vault.Attention.VisitRecentEvents(10, e =>
        {
            seen.Add(e.Inode);
            return seen.Count < 3;
        });
        Assert.That(seen, Is.EqualTo(new long[] { 14, 13, 12 }));
    }

    [Test]
    public void HottestNodesGiveHeatPlayersAndDwellPerNode()
    {
        var clock = new FakeTimeProvider(Start);
        using var vault = OpenVault(clock);
        var now = vault.ClockNs();
        vault.Attention.Record(new AttentionEvent(now, AttentionKind.NavigateTo, Alice, 7, Note, Docs, "vault/hot", 0));
        vault.Attention.Record(new AttentionEvent(now, AttentionKind.NavigateTo, Bob, 7, Note, Docs, "vault/hot", 0));
        vault.Attention.Record(new AttentionEvent(now, AttentionKind.NavigateBack, Bob, 7, Docs, Note, "vault/hot", 1200));
        vault.Attention.Record(new AttentionEvent(now, AttentionKind.NavigateTo, Alice, 8, Note, Docs, "vault/warm", 0));
        clock.Advance(TimeSpan.FromDays(1));

        var hottest = vault.Attention.HottestNodes(10);
        Assert.That(hottest.Select(h => h.Inode), Is.EqualTo(new long[] { 7, 8 }));
        Assert.That(hottest[0], Is.EqualTo(new HeatEntry(7, "vault/hot", HeatCalculator.HeatOf(1.0), 2, 1200, 2)).Using<HeatEntry>(Close));
        Assert.That(hottest[1], Is.EqualTo(new HeatEntry(8, "vault/warm", HeatCalculator.HeatOf(0.5), 1, 0, 1)).Using<HeatEntry>(Close));
        Assert.That(vault.Attention.HeatOf(7), Is.EqualTo(hottest[0].Heat).Within(1e-12));
        Assert.That(vault.Attention.HottestNodes(1), Has.Count.EqualTo(1));
    }

    private static bool Close(HeatEntry a, HeatEntry b) =>
        Math.Abs(a.Heat - b.Heat) < 1e-12 && a with { Heat = 0 } == b with { Heat = 0 };
}

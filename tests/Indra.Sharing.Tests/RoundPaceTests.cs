using System.Diagnostics;
using System.Text;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Sharing.Sync;

namespace Indra.Sharing.Tests;

/// <summary>
/// How soon a sync loop asks again after a changed manifest (<see cref="RoundPace"/>): changes made one after another
/// arrive without waiting out the sync interval, while a manifest that never stops changing is still fetched no more
/// than once per interval after the burst.
/// </summary>
[TestFixture]
public sealed class RoundPaceTests
{
    [Test]
    public void ABurstStartsAtOnce_ThenOneRoundPerInterval_AndTheAllowanceGrowsBackToTheBurst()
    {
        var pace = new RoundPace(TimeSpan.FromSeconds(1), nowMs: 0);
        for (var i = 0; i < RoundPace.Burst; i++) Assert.That(pace.TakeImmediate(0), Is.True, $"round {i + 1} of the burst");
        Assert.That(pace.TakeImmediate(0), Is.False, "the burst is used up");
        Assert.That(pace.TakeImmediate(500), Is.False, "half an interval later: half a round");
        Assert.That(pace.TakeImmediate(1000), Is.True, "one interval after the burst: one round");
        Assert.That(pace.TakeImmediate(1000), Is.False);

        // However long the loop was quiet, the allowance is the burst again, no more.
        var quiet = 1000L + 3_600_000;
        for (var i = 0; i < RoundPace.Burst; i++) Assert.That(pace.TakeImmediate(quiet), Is.True);
        Assert.That(pace.TakeImmediate(quiet), Is.False);
    }

    [Test]
    public void AClockThatGoesBack_GrantsNothing()
    {
        var pace = new RoundPace(TimeSpan.FromMilliseconds(100), nowMs: 10_000);
        for (var i = 0; i < RoundPace.Burst; i++) pace.TakeImmediate(10_000);
        Assert.That(pace.TakeImmediate(5_000), Is.False);
        Assert.That(pace.TakeImmediate(10_050), Is.False, "half an interval after the last round seen");
        Assert.That(pace.TakeImmediate(10_100), Is.True);
    }

    /// <summary>
    /// With a sync interval of 20 s, three shares and two edits made one after another each reach bob long before one
    /// interval: before the pace, the round after every changed manifest waited out the interval first.
    /// </summary>
    [Test]
    public void ChangesMadeOneAfterAnother_EachReachThePeerWithoutWaitingOutTheInterval()
    {
        using var vaults = new PairedVaults(syncInterval: TimeSpan.FromSeconds(20));
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        var within = TimeSpan.FromSeconds(6);
        var took = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var name = $"f{i}.txt";
            alice.Write(name, Encoding.UTF8.GetBytes($"file {i}"));
            var clock = Stopwatch.StartNew();
            alice.Sharing.Share(name, "bob", AccessMode.Revocable);
            Assert.That(Wait.Within(() => bob.Sharing.Get(ShareScope.Peer, "alice", name) is not null, within), Is.True,
                $"share {i} reaches bob within {within.TotalSeconds} s (the interval is 20 s); earlier: {string.Join(", ", took)}");
            took.Add($"share {i} {clock.ElapsedMilliseconds} ms");
        }
        for (var i = 1; i <= 2; i++)
        {
            var clock = Stopwatch.StartNew();
            var id = alice.Write("f1.txt", Encoding.UTF8.GetBytes($"edit {i}"));
            Assert.That(Wait.Within(() => bob.Sharing.Get(ShareScope.Peer, "alice", "f1.txt")?.ArtifactId == id, within), Is.True,
                $"edit {i} reaches bob within {within.TotalSeconds} s; earlier: {string.Join(", ", took)}");
            took.Add($"edit {i} {clock.ElapsedMilliseconds} ms");
        }
        TestContext.Out.WriteLine(string.Join(", ", took));
    }
}
